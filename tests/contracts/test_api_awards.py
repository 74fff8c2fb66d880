"""Awards through the HTTP API: from an evaluation's result to a signed contract, down the
ranked list on a decline or a lapse, under the scheme of delegation and the standstill."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta
from uuid import uuid4

from .api_support import COMMISSIONER, approver, money, problem, provider
from .factories import (
    START,
    Bid,
    Evaluation,
    admitted,
    london,
    supported_living_terms,
    suspended,
)


async def test_staffordshire_typical_contract_from_evaluation_to_signature(contracts):
    await contracts.scheme()
    evaluation = Evaluation(supported_living_terms(), [
        Bid("bright-futures-care", 1, "14.20"), Bid("ash-tree-support", 2, "14.05"),
    ])
    award = await contracts.evaluated(evaluation)
    assert award["status"] == "recommended"
    assert award["current"]["provider_id"] == str(evaluation.bids[0].provider_id)
    assert money(award["whole_life_value"]) == money("310128.00")  # £62,025.60 x 5 years

    approved = await contracts.approve(award["id"], "500000")
    assert approved["status"] == "offered"  # below the threshold: no standstill
    assert approved["approver_level"] == "assistant_director"
    contract = await contracts.accept(award["id"], "bright-futures-care")
    assert money(contract["annual_value"]) == money("62025.60")
    assert contract["status"] == "draft"
    assert (contract["start_on"], contract["initial_end_on"], contract["latest_end_on"]) == (
        "2027-04-01", "2030-03-31", "2032-03-31"
    )
    [awarded] = await contracts.events("contract_awarded")
    assert awarded["provider_id"] == str(evaluation.bids[0].provider_id)
    assert awarded["requirement_id"] == str(evaluation.terms.requirement_id)
    assert [e["subject"].split(".")[2] for e in await contracts.outbox()] == [
        "award_recommended", "award_approved", "award_offered", "offer_accepted",
        "contract_awarded",
    ]


def three_bids(**terms: object) -> Evaluation:
    return Evaluation(supported_living_terms(**terms), [
        Bid("first-care", 1, "14.20"), Bid("second-care", 2, "14.05"),
        Bid("third-care", 3, "13.90"), Bid("failed-care", None, "16.00", compliant=False),
    ])


async def test_decline_and_timeout_both_reach_the_next_ranked_response(contracts):
    await contracts.scheme()
    evaluation = three_bids()
    award = await contracts.evaluated(evaluation)
    await contracts.approve(award["id"])
    declined = await contracts.client.post(
        f"/awards/{award['id']}/decline", json={"reason": "no staff in ST16 until June"},
        headers=provider("first-care"),
    )
    assert declined.status_code == 200, declined.text
    after_decline = await contracts.award(award["id"])
    assert after_decline["status"] == "recommended"
    assert after_decline["current"]["provider_id"] == str(evaluation.bids[1].provider_id)

    stale = await contracts.client.post(
        f"/awards/{award['id']}/approve", headers=approver("1000000"),
        json={"response_id": str(evaluation.bids[0].response_id)},
    )  # an approver who read the award before the decline
    problem(stale, 409, "recommendation_changed")
    offered = await contracts.approve(  # approved again, by an approver
        award["id"], response_id=str(evaluation.bids[1].response_id))
    contracts.clock.set(london(date(2027, 3, 9), time(0, 1)))
    await contracts.tick()
    after_lapse = await contracts.award(award["id"])
    assert after_lapse["current"]["provider_id"] == str(evaluation.bids[2].provider_id)
    assert offered["offer_expires_at"] < after_lapse["history"][-1]["at"]
    closed = await contracts.events("offer_declined")
    assert [(e["provider_id"], e["timed_out"]) for e in closed] == [
        (str(evaluation.bids[0].provider_id), False), (str(evaluation.bids[1].provider_id), True)
    ]
    assert [e["rank"] for e in await contracts.events("award_recommended")] == [1, 2, 3]
    lapsed = next(c for c in after_lapse["candidates"] if c["rank"] == 2)
    assert lapsed["status"] == "lapsed"


async def test_approval_above_the_limit_is_refused_naming_the_level_it_escalates_to(contracts):
    await contracts.scheme()
    award = await contracts.evaluated(three_bids())
    before = await contracts.outbox()
    refused = await contracts.client.post(f"/awards/{award['id']}/approve",
                                          headers=approver("100000"))
    body = problem(refused, 403, "above_approval_limit")
    assert body["escalates_to"] == "assistant_director"
    assert body["value"] == "310128.00"
    assert await contracts.outbox() == before
    assert (await contracts.award(award["id"]))["status"] == "recommended"


async def test_approval_limit_at_its_boundary_value(contracts):
    await contracts.scheme()
    for whole_life, allowed in (("100000.00", True), ("100000.01", False)):
        terms = supported_living_terms(pricing_mode="fixed_rate",
                                       whole_life_value=money(whole_life))
        award = await contracts.evaluated(Evaluation(terms, [Bid(f"care-{whole_life}", 1,
                                                                 priced=False)]))
        answer = await contracts.client.post(f"/awards/{award['id']}/approve",
                                             headers=approver("100000.00"))
        if allowed:
            assert answer.status_code == 200, answer.text
            assert answer.json()["approver_level"] == "lead_commissioner"
        else:
            problem(answer, 403, "above_approval_limit")


async def test_an_approver_never_approves_its_own_recommendation_nor_twice(contracts):
    await contracts.scheme()
    award = await contracts.evaluated(three_bids())
    own = await contracts.client.post(f"/awards/{award['id']}/approve",
                                      headers=approver("1000000", subject="evaluator-1"))
    problem(own, 403, "own_recommendation")
    await contracts.approve(award["id"])
    again = await contracts.client.post(f"/awards/{award['id']}/approve",
                                        headers=approver("1000000"))
    problem(again, 409, "award_already_approved")


async def test_an_award_of_a_buyer_without_a_scheme_cannot_be_approved(contracts):
    award = await contracts.evaluated(three_bids())
    refused = await contracts.client.post(f"/awards/{award['id']}/approve",
                                          headers=approver("1000000"))
    assert problem(refused, 422, "no_delegation_scheme")["buyers"] == [
        "Staffordshire County Council"
    ]


async def test_a_provider_sees_only_its_own_offer_and_anothers_is_missing(contracts):
    await contracts.scheme()
    evaluation = three_bids()
    award = await contracts.evaluated(evaluation)
    hidden = await contracts.client.get(f"/awards/{award['id']}", headers=provider("first-care"))
    missing = await contracts.client.get(f"/awards/{uuid4()}", headers=provider("first-care"))
    assert problem(hidden, 404, "award_not_found").keys() == problem(
        missing, 404, "award_not_found").keys()  # not yet approved: not known to it
    await contracts.approve(award["id"])
    mine = await contracts.award(award["id"], provider("first-care"))
    assert [c["provider_id"] for c in mine["candidates"]] == [str(evaluation.bids[0].provider_id)]
    assert {h["provider_id"] for h in mine["history"]} == {str(evaluation.bids[0].provider_id)}
    other = await contracts.client.get(f"/awards/{award['id']}", headers=provider("second-care"))
    problem(other, 404, "award_not_found")
    accept = await contracts.client.post(f"/awards/{award['id']}/accept",
                                         headers=provider("second-care"))
    problem(accept, 404, "award_not_found")
    listed = await contracts.client.get("/awards", headers=provider("second-care"))
    assert listed.json()["items"] == []


async def test_a_membership_suspended_before_award_passes_the_provider_over_R9(contracts):
    await contracts.scheme()
    evaluation = three_bids()
    first = admitted("first-care", evaluation.terms)
    await contracts.apply(first)
    award = await contracts.evaluated(evaluation, members=False)
    await contracts.approve(award["id"])
    await contracts.apply(suspended(first, START + timedelta(hours=1)))
    now = await contracts.award(award["id"])
    assert now["current"]["provider_id"] == str(evaluation.bids[1].provider_id)
    passed = next(c for c in now["candidates"] if c["rank"] == 1)
    assert passed["status"] == "passed_over" and "suspended (safeguarding)" in passed["reason"]
    [event] = await contracts.events("candidate_passed_over")
    assert event["provider_id"] == str(evaluation.bids[0].provider_id)
    problem(await contracts.client.post(f"/awards/{award['id']}/accept",
                                        headers=provider("first-care")), 409, "offer_not_open")


async def test_a_light_touch_award_above_the_threshold_waits_10_days_to_be_signed(contracts):
    await contracts.scheme()
    award = await contracts.evaluated(three_bids(above_threshold=True))
    approved = await contracts.approve(award["id"])
    assert approved["status"] == "approved"
    assert approved["standstill"] == {"days": 10, "working_days": False, "mandatory": True,
                                      "ends_at": "2027-03-11T23:59:59.999999Z"}
    contracts.clock.set(london(date(2027, 3, 8)))  # day 7
    await contracts.tick()
    problem(await contracts.client.post(f"/awards/{award['id']}/accept",
                                        headers=provider("first-care")), 409,
            "standstill_not_over")
    contracts.clock.set(london(date(2027, 3, 12)))
    await contracts.tick()
    contract = await contracts.accept(award["id"], "first-care")
    assert contract["start_on"] == "2027-04-01"


async def test_a_procurement_act_award_waits_for_the_assessment_summaries_R15(contracts):
    await contracts.scheme()
    evaluation = three_bids(regime="pa2023_dynamic_market",
                            rules_effective_from=date(2025, 2, 24))
    award = await contracts.evaluated(evaluation)
    approved = await contracts.approve(award["id"])
    assert (approved["status"], approved["assessment_summaries_required"]) == ("approved", True)
    problem(await contracts.client.post(f"/awards/{award['id']}/accept",
                                        headers=provider("first-care")), 409,
            "assessment_summaries_not_sent")
    await contracts.apply(evaluation.summaries_sent(START + timedelta(hours=3)))
    assert (await contracts.award(award["id"]))["status"] == "offered"
    await contracts.accept(award["id"], "first-care")


async def test_an_evaluation_applied_twice_makes_one_award(contracts):
    evaluation = three_bids()
    await contracts.evaluated(evaluation)
    await contracts.apply(*evaluation.events())
    listed = (await contracts.client.get("/awards", headers=COMMISSIONER)).json()["items"]
    assert len(listed) == 1
    assert len(await contracts.events("award_recommended")) == 1


async def test_no_compliant_response_ends_the_award_unsuccessful_with_its_reason(contracts):
    evaluation = Evaluation(supported_living_terms(), [Bid("late-care", None, compliant=False)])
    award = await contracts.evaluated(evaluation)
    assert award["status"] == "unsuccessful"
    [event] = await contracts.events("award_unsuccessful")
    assert event["call_off_id"] == str(evaluation.terms.call_off_id)
    assert "No compliant response" in event["reason"]


async def test_two_ticker_passes_at_once_lapse_an_offer_once(contracts):
    """Two replicas' tickers on one due offer: one lapses it, the other finds it held
    (PostgreSQL: ``SKIP LOCKED``) or no longer due."""
    await contracts.scheme()
    award = await contracts.evaluated(three_bids())
    await contracts.approve(award["id"])
    contracts.clock.set(london(date(2027, 3, 9), time(0, 1)))
    await asyncio.gather(contracts.tick(), contracts.tick(), contracts.tick())
    assert len(await contracts.events("offer_declined")) == 1
    assert [e["rank"] for e in await contracts.events("award_recommended")] == [1, 2]
