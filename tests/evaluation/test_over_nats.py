"""Over a real nats-server: call-offs closed into JetStream as the call-off service's relay
would publish them (one aggregate, versions 1, 2, 3 ...), each close delivered twice; the
evaluations are made once, and their ranked results reach JetStream through the outbox,
once each."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from uuid import UUID

import nats
import pytest

from shared.clock import ManualClock
from shared.events.base import Event
from shared.messaging.envelope import body_for, headers_for
from tests.evaluation.api_support import COMMISSIONER, Service, evaluator
from tests.evaluation.factories import T0, closed, opened, staffordshire_terms
from tests.messaging.harness import wait_for
from tests.support.nats import stream_messages
from tests.support.services import running_service

pytestmark = [pytest.mark.nats, pytest.mark.slow]


def of_call_off(call_off_id: UUID, *events: Event) -> list[Event]:
    """Stamped as the call-off's unit of work stamps them: aggregate ``call_off``, 1, 2 ..."""
    return [e.model_copy(update={"aggregate_type": "call_off", "aggregate_id": call_off_id,
                                 "aggregate_version": n}) for n, e in enumerate(events, 1)]


async def publish(url: str, events: list[Event], *, copies: int = 1) -> None:
    """Each event ``copies`` times, each copy with its own message id, so JetStream keeps
    them all (as a re-publication after the duplicate window would)."""
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for event in events:
            for copy in range(copies):
                headers = {**headers_for(event, "/care-dps/calloff"),
                           "Nats-Msg-Id": f"{event.id}-{copy}"}
                await js.publish(event.subject_name, body_for(event).encode(), headers=headers)
    finally:
        await client.close()


async def settled(url: str) -> bool:
    """The evaluation service's consumer of call-off events has acknowledged everything."""
    client = await nats.connect(url)
    try:
        info = await client.jetstream().consumer_info("DPS", "evaluation-from-calloff")
    finally:
        await client.close()
    return info.num_pending == 0 and info.num_ack_pending == 0


async def evaluations_of(service: Service, call_off_id: UUID) -> list[dict[str, Any]]:
    found = await service.get("/evaluations", COMMISSIONER, call_off_id=str(call_off_id))
    items: list[dict[str, Any]] = found.json()["items"]
    return items


async def test_closed_call_offs_in_ranked_results_out_each_applied_once(
    own_nats_server, database
):
    url, clock = own_nats_server.url, ManualClock(T0)
    async with database("evaluation") as db, running_service(
        "evaluation", db, url, clock=clock
    ) as (app, client):
        service = Service(app, client, clock)
        # A mini-competition, and a direct award that completes by itself.
        terms = staffordshire_terms()
        bids = [opened(terms, provider="Nats Care A"), opened(terms, provider="Nats Care B")]
        direct = staffordshire_terms(kind="direct_award")
        only = opened(direct, provider="Nats Direct")
        await publish(url, of_call_off(terms.call_off_id, *bids, closed(terms, bids)), copies=2)
        await publish(url, of_call_off(direct.call_off_id, only, closed(direct, [only])),
                      copies=2)

        async def both_made() -> bool:
            return all([await evaluations_of(service, terms.call_off_id),
                        await evaluations_of(service, direct.call_off_id)])

        await wait_for(both_made, what="both evaluations")
        await wait_for(lambda: settled(url), what="every copy acknowledged")
        [made] = await evaluations_of(service, terms.call_off_id)
        assert made["responses"] == 2
        listed = (await service.get("/evaluations", COMMISSIONER)).json()["items"]
        assert len(listed) == 2

        await service.staff(made["id"], 1)
        assert (await service.score(made["id"], evaluator(1), {
            bids[0].response_id: 5, bids[1].response_id: 3})).status_code == 200
        done = await service.post(f"/evaluations/{made['id']}/complete", COMMISSIONER)
        assert done.status_code == 200, done.text

        async def results_out() -> bool:
            subjects = Counter(m.subject for m in await stream_messages(url, "dps.evaluation.>"))
            return subjects == {"dps.evaluation.response_ranked.v1": 3,
                                "dps.evaluation.evaluation_completed.v1": 2}

        await wait_for(results_out, what="the ranked results in JetStream")

    messages = await stream_messages(url, "dps.evaluation.>")
    completed = {json.loads(m.data)["evaluation_id"]: json.loads(m.data) for m in messages
                 if m.subject.endswith("evaluation_completed.v1")}
    competition = completed[made["id"]]
    assert (competition["recommended_response_id"], competition["completed_by"]) == (
        str(bids[0].response_id), "officer-1")
    direct_award = next(c for c in completed.values() if c["method"] != "quality_cost")
    assert (direct_award["recommended_response_id"], direct_award["completed_by"]) == (
        str(only.response_id), "system:evaluation")
    assert all(m.headers["ce-source"] == "/care-dps/evaluation" for m in messages)
    ranked = [json.loads(m.data) for m in messages if m.subject.endswith("response_ranked.v1")]
    assert all(r["whole_life_cost"] and r["annual_cost"] for r in ranked)
