"""Awards through the HTTP API: from an evaluation's result to a signed contract, down the
ranked list on a decline or a lapse, under the scheme of delegation and the standstill."""

from __future__ import annotations

from datetime import date, timedelta

from .api_support import COMMISSIONER, approver, money, problem, provider
from .factories import Bid, Evaluation, london, supported_living_terms


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
