"""Reads a page at a time, and what an auditor may read before and after completion."""

from __future__ import annotations

import pytest

from tests.evaluation.api_support import AUDITOR, COMMISSIONER, Service, evaluator, problem
from tests.evaluation.factories import opened, staffordshire_terms

pytestmark = pytest.mark.nats


async def test_responses_come_a_page_at_a_time_and_a_foreign_cursor_is_refused(
    service: Service
):
    terms = staffordshire_terms()
    responses = [opened(terms) for _ in range(3)]
    evaluation_id = await service.close(terms, responses)
    path = f"/evaluations/{evaluation_id}/responses"
    seen, cursor = [], None
    while True:
        page = (await service.get(path, COMMISSIONER, limit=2,
                                  **({"cursor": cursor} if cursor else {}))).json()
        seen += [r["response_id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(r.response_id) for r in responses]
    problem(await service.get(path, COMMISSIONER, cursor="bm90LW91cnM"), 422, "invalid_cursor")


async def test_an_auditor_reads_prices_responses_and_scores_only_once_completed(
    service: Service
):
    terms = staffordshire_terms()
    only = opened(terms)
    evaluation_id = await service.close(terms, [only])
    path = f"/evaluations/{evaluation_id}"
    before = (await service.get(path, AUDITOR)).json()
    assert before["response_list"][0]["whole_life_cost"] is None
    for part in ("responses", "scores", "report", "summaries"):
        problem(await service.get(f"{path}/{part}", AUDITOR), 409, "evaluation_not_completed")
    await service.staff(evaluation_id, 1)
    assert (await service.score(evaluation_id, evaluator(1), {only.response_id: 4})
            ).status_code == 200
    assert (await service.post(f"{path}/complete", COMMISSIONER)).status_code == 200
    after = (await service.get(path, AUDITOR)).json()
    assert after["response_list"][0]["whole_life_cost"] == "233587.20"
    [item] = (await service.get(f"{path}/scores", AUDITOR)).json()["items"]
    assert (item["final_score"], [s["evaluator_id"] for s in item["scores"]]) == (
        4, ["evaluator-1"])
