"""schemathesis on the evaluation service's whole API, on PostgreSQL when the suite has it,
as a commissioner, an assigned evaluator, the moderator and a responding provider, aimed at
a real evaluation: no 5xx, no answer outside its documented schema."""

from __future__ import annotations

import pytest

from tests.evaluation.api_support import COMMISSIONER, MODERATOR, Service, evaluator, provider
from tests.evaluation.factories import opened, staffordshire_terms
from tests.support.databases import POSTGRES_URL
from tests.support.fuzz import budget_seconds, fuzz

pytestmark = [pytest.mark.nats, pytest.mark.slow]


async def test_the_evaluation_api_never_fails_and_always_answers_as_documented(
    service: Service, backend
):
    if backend == "sqlite" and POSTGRES_URL:
        pytest.skip("fuzzed on PostgreSQL, where the stricter store finds more")
    terms = staffordshire_terms()
    responses = [opened(terms, provider="Fuzz Care"), opened(terms)]
    evaluation_id = await service.close(terms, responses)
    await service.staff(evaluation_id, 1)
    ids = {
        "evaluation_id": [evaluation_id],
        "response_id": [str(r.response_id) for r in responses],
        "provider_id": [str(r.provider_id) for r in responses],
        "evaluator_id": ["evaluator-1", "evaluator-2"],
    }
    report = await fuzz(
        service.app, service.client, known_ids=ids, seconds=budget_seconds() * 2 / 3,
        callers={"commissioner": COMMISSIONER, "evaluator": evaluator(1),
                 "moderator": MODERATOR, "provider": provider("Fuzz Care")},
    )
    print(f"\nfuzzed the evaluation service: {report.summary()}")
    assert report.cases > 0
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
