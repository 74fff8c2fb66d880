"""Spend and KPIs for Kent: committed spend against a budget, savings against the £1m target
on £9.5m a year, awarded rates against the reference rates, placements made and transitioned,
days from requirement to contract, KPI ratings: per DPS, lot and buyer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from shared.events.calloff import FundingShare, ReferenceRate

from .api_support import COMMISSIONER, FINANCE, money, problem
from .factories import (
    START,
    Bid,
    Evaluation,
    admitted,
    dps_opened,
    hourly,
    rate_card,
    supported_living_terms,
)

D = Decimal
KENT = "Kent County Council"


async def test_kent_spend_against_budget_and_savings_target(contracts):
    terms = supported_living_terms(
        reference="KCC-1A-0001", buyer_organisation=KENT,
        funding_shares=[FundingShare(buyer=KENT, share_percent=D(100))],
        reference_rates=[ReferenceRate(element="support", unit="hour", min_amount=D("13.60"),
                                       max_amount=D("14.75"))],
    )
    dps_id = str(terms.dps_id)
    await contracts.apply(dps_opened(dps_id=terms.dps_id, lot_id=terms.lot_id, code="1a",
                                     buyers=[KENT]),
                          rate_card(terms.dps_id, terms.lot_id),
                          admitted("everyday-life-ltd", terms))
    budget = await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        "dps_id": dps_id, "buyer": "kent county council", "financial_year": 2027,
        "annual_budget": "8547321.00", "baseline_annual_spend": "9547321.00",
        "savings_target": "1000000.00"})
    assert budget.status_code == 200, budget.text
    assert budget.json()["buyer"] == KENT
    await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        "dps_id": dps_id, "financial_year": 2027, "annual_budget": "8547321.00",
        "baseline_annual_spend": "9547321.00", "savings_target": "1000000.00"})

    await contracts.scheme(KENT)
    evaluation = Evaluation(terms, [Bid("everyday-life-ltd", 1, "14.20")])
    award = await contracts.evaluated(evaluation, members=False)
    await contracts.approve(award["id"])
    await contracts.accept(award["id"], "everyday-life-ltd")  # £62,025.60 a year
    contracts.clock.set(START + timedelta(days=40))  # 10 April 2027: financial year 2027-28
    imported = await contracts.client.post(f"/placements/import?dps_id={dps_id}", json={"rows": [{
        "reference": "KCC-T-1", "lot_code": "1a", "transition": "contract",
        "incumbent_name": "Everyday Life", "provider_organisation": "everyday-life-ltd",
        "need_band": "medium", "postcode_district": "ME14", "start_on": "2027-04-01",
        "initial_term_months": 24, "lines": [{"element": "support", "unit": "hour",
                                               "quantity_per_week": "20", "rate": "15.00"}],
    }]}, headers=COMMISSIONER)
    assert imported.status_code == 201, imported.text
    contract_id = imported.json()["accepted"][0]["contract_id"]
    await contracts.client.post(f"/contracts/{contract_id}/kpis", headers=COMMISSIONER, json={
        "metric": "Outcomes met", "target": "90", "actual": "95", "period_start": "2027-04-01",
        "period_end": "2027-06-30", "rating": "good"})

    report = await contracts.client.get(f"/spend?dps_id={dps_id}&financial_year=2027",
                                        headers=FINANCE)
    assert report.status_code == 200, report.text
    body = report.json()
    [whole] = body["by_dps"]
    committed = D("62025.60") + D("15600.00")  # 20 h x £15 x 52
    assert money(whole["committed_annual_spend"]) == committed
    assert money(whole["budget_remaining"]) == D("8547321.00") - committed
    assert money(whole["savings"]) == D("9547321.00") - committed
    assert money(whole["savings_shortfall"]) == 0
    assert (whole["placements_made"], whole["placements_transitioned"]) == (0, 1)
    [rate] = whole["rates"]
    assert (money(rate["average_awarded"]), rate["reference_max"]) == (D("14.60"), "14.75")
    assert money(rate["against_reference_max_percent"]) == D("-1.0")
    assert whole["kpi_ratings"]["good"] == 1
    [lot] = body["by_lot"]
    assert (lot["lot_code"], lot["live_contracts"]) == ("1a", 2)
    [buyer] = body["by_buyer"]
    assert (buyer["buyer"], money(buyer["annual_budget"])) == (KENT, D("8547321.00"))

    # The award was made on 1 March 2027 (financial year 2026-27), 21 days after the
    # requirement was raised.
    earlier = (await contracts.client.get(f"/spend?dps_id={dps_id}&financial_year=2026",
                                          headers=FINANCE)).json()
    assert earlier["by_dps"][0]["placements_made"] == 1
    assert money(earlier["by_dps"][0]["average_days_to_contract"]) == D("21.0")
    assert START - terms.requirement_raised_at == timedelta(days=21)


async def test_a_budget_names_a_buyer_and_lot_of_its_dps_and_a_target_needs_a_baseline(
    contracts,
):
    terms = supported_living_terms()
    await contracts.apply(dps_opened(dps_id=terms.dps_id, lot_id=terms.lot_id, buyers=[KENT]))
    base = {"dps_id": str(terms.dps_id), "financial_year": 2027, "annual_budget": "100.00"}
    problem(await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        **base, "buyer": "Medway Council"}), 422, "unknown_buyer")
    problem(await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        **base, "savings_target": "10.00"}), 422, "invalid_budget")
    problem(await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        **base, "annual_budget": 100.5}), 422, "invalid_input")
    problem(await contracts.client.put("/budgets", headers=COMMISSIONER, json={
        **base, "lot_id": str(terms.call_off_id)}), 404, "lot_not_known")
    assert hourly("1.00")  # (the factories' rates are strings too)
