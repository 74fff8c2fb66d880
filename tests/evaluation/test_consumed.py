"""The call-off's events, as the service's consumer applies them (through the handlers its
``subscribers.py`` wires, each in its own committed unit of work), on each store."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.evaluation.domain import evaluation_id_for
from services.evaluation.domain.errors import ResponseNotOpened
from services.evaluation.store import metadata
from tests.evaluation.api_support import COMMISSIONER, Service
from tests.evaluation.factories import closed, opened, staffordshire_terms
from tests.services.read_model_support import apply

pytestmark = pytest.mark.nats


async def count(service: Service, table: str) -> int:
    async with service.app.state.runtime.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(metadata.tables[table])))


async def test_the_same_close_delivered_twice_creates_one_evaluation(service: Service):
    terms = staffordshire_terms()
    responses = [opened(terms), opened(terms)]
    close = closed(terms, responses)
    await apply(service.app, "evaluation", *responses, close)
    assert await count(service, "opened_responses") == 0  # the evaluation holds them now
    await apply(service.app, "evaluation", close, *responses)
    assert await count(service, "evaluations") == 1
    assert await count(service, "evaluation_responses") == 2
    assert await count(service, "opened_responses") == 0  # late copies are not kept
    read = await service.get(f"/evaluations/{evaluation_id_for(terms.call_off_id)}",
                             COMMISSIONER)
    assert [r["response_id"] for r in read.json()["response_list"]] == [
        str(r.response_id) for r in responses]


async def test_responses_wait_for_their_close_and_a_repeated_one_is_kept_once(service: Service):
    terms = staffordshire_terms()
    response = opened(terms)
    await apply(service.app, "evaluation", response, response)
    assert await count(service, "opened_responses") == 1
    assert await count(service, "evaluations") == 0


async def test_a_direct_award_completes_by_itself_on_the_close(service: Service):
    terms = staffordshire_terms(kind="direct_award")
    only = opened(terms)
    await service.close(terms, [only])
    ranked, completed = await service.outbox()
    assert ranked["subject"] == "dps.evaluation.response_ranked.v1"
    assert (completed["completed_by"], completed["method"]) == (
        "system:evaluation", "direct_award_compliance")
    assert completed["recommended_response_id"] == str(only.response_id)
    assert ranked["whole_life_cost"] == "233587.20" and ranked["annual_cost"] == "58396.80"


async def test_a_close_naming_a_response_never_opened_is_refused_and_stores_nothing(
    service: Service
):
    terms = staffordshire_terms()
    present, missing = opened(terms), opened(terms)
    with pytest.raises(ResponseNotOpened):
        await apply(service.app, "evaluation", present, closed(terms, [present, missing]))
    assert await count(service, "evaluations") == 0
    assert await count(service, "opened_responses") == 1
