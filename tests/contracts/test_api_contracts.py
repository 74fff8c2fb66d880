"""Contracts through the HTTP API: Sefton's joint commission at the council's fixed rate,
3 years + 12 + 12 months; start and end on the clock; extensions never beyond the options;
variations never before the start date; termination; KPIs; who reads what."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any
from uuid import uuid4

from shared.events.calloff import FundingShare, PriceLine, VolumeLine
from shared.events.registry import DpsClosed

from .api_support import COMMISSIONER, FINANCE, money, problem, provider
from .factories import (
    SEFTON,
    SOUTH_SEFTON_CCG,
    START,
    Bid,
    Evaluation,
    dps_opened,
    london,
    supported_living_terms,
)

D = Decimal
CCG_LEVELS = [
    {"code": "lead_commissioner", "title": "Lead Commissioner", "up_to": "50000.00"},
    {"code": "assistant_director", "title": "Assistant Director", "up_to": "250000.00"},
    {"code": "director", "title": "Director", "up_to": None},
]


def sefton_terms() -> Any:
    """Sefton supported living with the CCG (60/40), quality and social value only at the
    council's £17.50 an hour, 70 hours a week: £63,700 a year, £318,500 over 3 + 1 + 1."""
    return supported_living_terms(
        reference="SMBC-SL-0007", buyer_organisation=SEFTON,
        funding_shares=[FundingShare(buyer=SEFTON, share_percent=D(60)),
                        FundingShare(buyer=SOUTH_SEFTON_CCG, share_percent=D(40))],
        pricing_mode="fixed_rate", kind="direct_award",
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=D(70))],
        fixed_rates=[PriceLine(element="support", unit="hour", amount=D("17.50"))],
        reference_rates=[], annual_value=D("63700.00"), whole_life_value=D("318500.00"),
    )


async def signed(contracts: Any, terms: Any, organisation: str = "mersey-living") -> Any:
    await contracts.scheme(SEFTON)
    await contracts.scheme(SOUTH_SEFTON_CCG, CCG_LEVELS)
    award = await contracts.evaluated(Evaluation(terms, [Bid(organisation, 1, priced=False)]))
    approved = await contracts.approve(award["id"], "1000000")
    assert approved["approver_level"] == "director"  # the CCG's ceilings are the strictest
    return await contracts.accept(award["id"], organisation)


async def test_sefton_contract_3_plus_1_plus_1_with_one_extension_taken(contracts):
    contract = await signed(contracts, sefton_terms())
    assert [(s["buyer"], money(s["share_percent"])) for s in contract["funding_shares"]] == [
        (SEFTON, 60), (SOUTH_SEFTON_CCG, 40)
    ]
    assert money(contract["whole_life_value"]) == money("318500.00")
    assert contract["rates"] == [{"element": "support", "unit": "hour", "band": None,
                                  "amount": "17.50"}]
    contracts.clock.set(london(date(2027, 4, 1), time(0, 5)))
    await contracts.tick()
    path = f"/contracts/{contract['id']}"
    assert (await contracts.contract(contract["id"]))["status"] == "active"

    contracts.clock.set(london(date(2030, 1, 15)))
    extended = await contracts.client.post(f"{path}/extensions", headers=COMMISSIONER,
                                           json={"reason": "outcomes met; person settled"})
    assert extended.status_code == 200, extended.text
    assert (extended.json()["status"], extended.json()["current_end_on"]) == (
        "extended", "2031-03-31"
    )
    assert extended.json()["options_left"] == [12]
    before = await contracts.outbox()
    too_many = await contracts.client.post(f"{path}/extensions", headers=COMMISSIONER,
                                           json={"options": 2, "reason": "two more years"})
    problem(too_many, 422, "no_extension_left")
    assert await contracts.outbox() == before
    [event] = await contracts.events("contract_extended")
    assert (event["option_sequence"], event["months"], event["ends_on"]) == (1, 12, "2031-03-31")

    contracts.clock.set(london(date(2031, 4, 1), time(0, 5)))
    await contracts.tick()
    ended = await contracts.contract(contract["id"])
    assert (ended["status"], ended["ended_on"]) == ("ended", "2031-03-31")
    [started] = await contracts.events("contract_started")
    assert started["started_on"] == "2027-04-01"


async def test_variations_keep_their_history_and_never_precede_the_start(contracts):
    contract = await signed(contracts, sefton_terms())
    path = f"/contracts/{contract['id']}/variations"
    more = {"volumes": [{"element": "support", "unit": "hour", "quantity_per_week": "84"}]}
    early = await contracts.client.post(path, headers=COMMISSIONER, json={
        "effective_on": "2027-03-15", "reason": "needs increased", **more})
    problem(early, 422, "variation_before_start")
    varied = await contracts.client.post(path, headers=COMMISSIONER, json={
        "effective_on": "2027-04-01", "reason": "needs increased", **more})
    assert varied.status_code == 200, varied.text
    uplift = await contracts.client.post(path, headers=COMMISSIONER, json={
        "effective_on": "2028-04-01", "reason": "annual uplift",
        "rates": [{"element": "support", "unit": "hour", "amount": "18.20"}]})
    body = uplift.json()
    assert [(v["effective_on"], v["reason"]) for v in body["variations"]] == [
        ("2027-04-01", "needs increased"), ("2028-04-01", "annual uplift")
    ]
    assert money(body["variations"][0]["annual_value"]) == money("76440.00")
    assert money(body["annual_value"]) == money("79497.60")  # 84 h x £18.20 x 52
    assert [e["effective_on"] for e in await contracts.events("contract_varied")] == [
        "2027-04-01", "2028-04-01"
    ]
    problem(await contracts.client.post(path, headers=COMMISSIONER, json={
        "effective_on": "2028-05-01", "reason": "x", "rates": [
            {"element": "support", "unit": "hour", "amount": 18.2}]}), 422, "invalid_input")


async def test_termination_and_kpis_and_who_reads_a_contract(contracts):
    contract = await signed(contracts, sefton_terms())
    path = f"/contracts/{contract['id']}"
    contracts.clock.set(london(date(2027, 7, 5)))
    await contracts.tick()
    kpi = await contracts.client.post(f"{path}/kpis", headers=COMMISSIONER, json={
        "metric": "Planned visits delivered", "unit": "percent", "target": "98",
        "actual": "91.5", "period_start": "2027-04-01", "period_end": "2027-06-30",
        "rating": "requires_improvement", "note": "late calls in May"})
    assert kpi.status_code == 201, kpi.text
    mine = await contracts.client.get(f"{path}/kpis", headers=provider("mersey-living"))
    assert [k["rating"] for k in mine.json()["items"]] == ["requires_improvement"]
    assert (await contracts.client.get(path, headers=FINANCE)).status_code == 200
    assert (await contracts.client.get(path, headers=provider("mersey-living"))).status_code == 200
    for hidden in (path, f"/contracts/{uuid4()}"):
        problem(await contracts.client.get(hidden, headers=provider("other-care")), 404,
                "contract_not_found")
    problem(await contracts.client.get(f"{path}/kpis", headers=provider("other-care")), 404,
            "contract_not_found")
    listed = await contracts.client.get("/contracts", headers=provider("other-care"))
    assert listed.json()["items"] == []

    ended = await contracts.client.post(f"{path}/terminate", headers=COMMISSIONER, json={
        "effective_on": "2027-08-31", "reason": "person moved to residential care"})
    assert (ended.json()["status"], ended.json()["terminated_on"]) == ("terminated",
                                                                     "2027-08-31")
    [event] = await contracts.events("contract_terminated")
    assert event["reason"] == "person moved to residential care"
    problem(await contracts.client.post(f"{path}/extensions", headers=COMMISSIONER,
                                        json={"reason": "too late"}), 409, "contract_not_live")


async def test_a_contract_outlives_the_dps_that_created_it(contracts):
    terms = sefton_terms()
    await contracts.apply(dps_opened(dps_id=terms.dps_id, lot_id=terms.lot_id,
                                     buyers=[SEFTON, SOUTH_SEFTON_CCG]))
    contract = await signed(contracts, terms)
    await contracts.apply(DpsClosed(occurred_at=START, dps_id=terms.dps_id, outcome="expired",
                                    reason="end of term"))
    contracts.clock.set(london(date(2029, 6, 1)))
    await contracts.tick()
    assert (await contracts.contract(contract["id"]))["status"] == "active"
    extended = await contracts.client.post(f"/contracts/{contract['id']}/extensions",
                                           headers=COMMISSIONER, json={"reason": "still right"})
    assert extended.status_code == 200, extended.text
