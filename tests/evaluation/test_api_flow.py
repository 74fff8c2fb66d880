"""Through the HTTP API, on each store: a Staffordshire supported-living call-off closes into
the service, the commissioner sets the panel, evaluators declare and score, the moderator
settles a difference, the commissioner completes it (the ranking leaves through the outbox),
reads the report and sends the summaries; each provider reads only its own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.evaluation.api_support import (
    AUDITOR,
    COMMISSIONER,
    MODERATOR,
    Service,
    evaluator,
    problem,
    provider,
)
from tests.evaluation.factories import opened, sleep_in, staffordshire_terms, support

pytestmark = pytest.mark.nats


async def test_a_closed_call_off_is_evaluated_ranked_reported_and_summarised(service: Service):
    terms = staffordshire_terms()
    best = opened(terms, provider="Best Care", prices=[support("14.50"), sleep_in("85.00")])
    cheap = opened(terms, provider="Cheap Care", prices=[support("13.60"), sleep_in("78.00")])
    dear = opened(terms, provider="Dear Care", prices=[support("15.00"), sleep_in("80.00")])
    evaluation_id = await service.close(terms, [best, cheap, dear])
    path = f"/evaluations/{evaluation_id}"

    found = (await service.get("/evaluations", COMMISSIONER, call_off_id=str(terms.call_off_id)))
    assert [e["id"] for e in found.json()["items"]] == [evaluation_id]
    read = (await service.get(path, COMMISSIONER)).json()
    assert (read["method"], read["status"], read["responses"]) == ("quality_cost", "open", 3)
    assert [(c["code"], c["scored_by"]) for c in read["criteria"]] == [
        ("quality", "evaluators"), ("cost", "price")]
    assert "52.14" in read["price_formula"]
    by_name = {r["provider_name"]: r for r in read["response_list"]}
    assert by_name["Dear Care"]["compliance_reasons"] == [
        "price_above_reference: support per hour £15.00 above the reference maximum £14.75"]
    assert by_name["Cheap Care"]["whole_life_cost"] == "227330.40"

    await service.staff(evaluation_id, 1, 2)
    # An evaluator reads the compliant responses without prices, and scores.
    seen = (await service.get(f"{path}/responses", evaluator(1))).json()["items"]
    assert [r["provider_name"] for r in seen] == ["Best Care", "Cheap Care"]
    assert all(r["prices"] is None and r["whole_life_cost"] is None for r in seen)
    ids = {r["provider_name"]: r["response_id"] for r in seen}
    assert (await service.score(evaluation_id, evaluator(1),
                                {ids["Best Care"]: 5, ids["Cheap Care"]: 2})).status_code == 200
    assert (await service.score(evaluation_id, evaluator(2),
                                {ids["Best Care"]: 5, ids["Cheap Care"]: 4})).status_code == 200
    own = (await service.get(f"{path}/scores", evaluator(2))).json()["items"]
    assert {s["evaluator_id"] for i in own for s in i["scores"]} == {"evaluator-2"}
    to_moderate = (await service.get(f"{path}/scores", MODERATOR)).json()["items"]
    assert sorted(len(i["scores"]) for i in to_moderate) == [2, 2]
    problem(await service.post(f"{path}/complete", COMMISSIONER), 409, "moderation_outstanding")
    moderated = await service.post(f"{path}/moderation", MODERATOR, {"consensus": [
        {"response_id": ids["Cheap Care"], "criterion_code": "quality", "score": 3,
         "rationale": "Staffing plan sound; weak on outcomes."}]})
    assert moderated.status_code == 200, moderated.text

    done = await service.post(f"{path}/complete", COMMISSIONER)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert done.json()["recommended_response_id"] == str(best.response_id)
    ranked = await service.events("response_ranked")
    [completed] = await service.events("evaluation_completed")
    assert [(r["provider_id"], r["rank"]) for r in ranked] == [
        (str(best.provider_id), 1), (str(cheap.provider_id), 2), (str(dear.provider_id), None)]
    assert all(r["aggregate_type"] == "evaluation" for r in [*ranked, completed])
    assert [r["aggregate_version"] for r in [*ranked, completed]] == [1, 2, 3, 4]
    assert completed["completed_by"] == "officer-1"
    assert completed["recommended_provider_id"] == str(best.provider_id)
    assert ranked[0]["whole_life_cost"] == "245058.00"  # (580 + 595) x 52.14 x 4
    assert Decimal(ranked[1]["total_score"]) == Decimal("76.0000")  # 3/5 x 60 + 40

    report = (await service.get(f"{path}/report", AUDITOR)).json()
    cheap_line = next(r for r in report["results"] if r["provider_name"] == "Cheap Care")
    quality = cheap_line["criteria"][0]
    assert sorted(s["score"] for s in quality["evaluator_scores"]) == [2, 4]
    assert quality["consensus"]["rationale"] == "Staffing plan sound; weak on outcomes."
    assert "completed" in [d["action"] for d in report["decisions"]]

    # Providers read their own summary once sent, and nothing of another's.
    mine = f"{path}/summaries/{cheap.provider_id}"
    problem(await service.get(mine, provider("Cheap Care")), 404, "summary_not_found")
    sent = await service.post(f"{path}/summaries", COMMISSIONER)
    assert sent.status_code == 200 and sent.json()["summaries_sent_at"]
    [summaries_sent] = await service.events("assessment_summaries_sent")
    assert len(summaries_sent["provider_ids"]) == 3
    summary = (await service.get(mine, provider("Cheap Care"))).json()
    assert (summary["rank"], summary["criteria"][0]["winning_score"]) == (2, "5.0000")
    listed = (await service.get("/summaries", provider("Cheap Care"))).json()["items"]
    assert [s["response_id"] for s in listed] == [str(cheap.response_id)]
    others = f"{path}/summaries/{best.provider_id}"
    hidden = problem(await service.get(others, provider("Cheap Care")), 404, "summary_not_found")
    nowhere = problem(await service.get(
        f"/evaluations/{terms.requirement_id}/summaries/{best.provider_id}",
        provider("Cheap Care")), 404, "summary_not_found")
    assert set(hidden) == set(nowhere)
    problem(await service.post(f"{path}/summaries", COMMISSIONER), 409, "summaries_already_sent")
