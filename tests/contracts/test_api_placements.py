"""Staffordshire's non-contracted day opportunities moved onto the DPS: a bulk import (CSV or
JSON) validated row by row, all or nothing; incumbents that did not join re-procured."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

from shared.events.registry import RateCardAdded, RateSummary
from shared.identity import provider_id_for

from .api_support import COMMISSIONER, money, problem
from .factories import START, dps_opened, supported_living_terms
from .factories import admitted as admission

D = Decimal
HEADER = ("reference,lot_code,transition,incumbent_name,provider_organisation,need_band,"
          "postcode_district,start_on,initial_term_months,extension_months,element,unit,band,"
          "quantity_per_week,rate\n")
SUNRISE = "DO,contract,Sunrise Day Services,sunrise-day-services,high,ST16,2027-04-01,36,12;12"
GOOD = (
    HEADER
    + f"DO-0001,{SUNRISE},day_opportunity,day,high,5,95.00\n"
    + f"DO-0001,{SUNRISE},transport,day,adapted,5,10.00\n"
    + "DO-0002,DO,reprocure,Old Mill Centre,,medium,ST17,2027-04-01,36,,"
      "day_opportunity,day,medium,3,60.00\n"
)
CSV = {"content-type": "text/csv", **COMMISSIONER}


async def day_opportunities(contracts) -> str:  # type: ignore[no-untyped-def]
    """The DPS known, with its day rates, and Sunrise a member of lot DO."""
    terms = supported_living_terms()
    dps_id, lot_id = terms.dps_id, terms.lot_id
    await contracts.apply(
        dps_opened(dps_id=dps_id, lot_id=lot_id, code="DO"),
        RateCardAdded(occurred_at=START - timedelta(days=9), dps_id=dps_id, lot_id=lot_id,
                      rate_card_id=uuid4(), effective_from=START.date() - timedelta(days=30),
                      rates=[RateSummary(element="day_opportunity", unit="day", band="high",
                                         min_amount=D(95), max_amount=D(95))]),
        admission("sunrise-day-services", terms, name="Sunrise Day Services Ltd"),
    )
    return str(dps_id)


async def test_staffordshire_placements_move_onto_contracts_or_are_reprocured(contracts):
    dps_id = await day_opportunities(contracts)
    imported = await contracts.client.post(f"/placements/import?dps_id={dps_id}", content=GOOD,
                                           headers=CSV)
    assert imported.status_code == 201, imported.text
    report = imported.json()
    assert (report["imported"], report["rows"], report["refused"]) == (True, 2, [])
    contracted, reprocured = report["accepted"]
    assert (contracted["row"], contracted["transition"]) == (2, "contract")
    contract = await contracts.contract(contracted["contract_id"])
    assert money(contract["annual_value"]) == money("27300.00")  # (£95 + £10) x 5 days x 52
    assert contract["origin"] == "transition"
    assert contract["provider_name"] == "Sunrise Day Services Ltd"
    assert [(r["element"], r["amount"]) for r in contract["rates"]] == [
        ("day_opportunity", "95.00"), ("transport", "10.00")
    ]
    assert contract["reference_rates"][0]["max_amount"] == "95.00"
    [moved] = await contracts.events("placement_transitioned")
    assert moved["provider_id"] == str(provider_id_for("sunrise-day-services"))
    [request] = await contracts.events("reprocurement_requested")
    assert request["placement_id"] == reprocured["placement_id"]
    assert (request["incumbent_name"], request["postcode_district"], request["need_band"]) == (
        "Old Mill Centre", "ST17", "medium"
    )
    listed = await contracts.client.get(f"/placements?dps_id={dps_id}&outcome="
                                        "reprocurement_requested", headers=COMMISSIONER)
    assert [p["reference"] for p in listed.json()["items"]] == ["DO-0002"]


async def test_a_file_with_refused_rows_imports_nothing_and_says_why_row_by_row(contracts):
    dps_id = await day_opportunities(contracts)
    bad = (GOOD
           + "DO-0003,DO,contract,Ghost Care,ghost-care,low,ST16,2027-04-01,36,,"
             "day_opportunity,day,low,2,45.00\n"
           + "DO-0004,ZZ,reprocure,Old Mill Centre,,low,ST16A,2027-04-01,36,,"
             "day_opportunity,day,low,2,45.00\n")
    refused = await contracts.client.post(f"/placements/import?dps_id={dps_id}", content=bad,
                                          headers=CSV)
    body = problem(refused, 422, "import_refused")
    assert [r["row"] for r in body["accepted"]] == [2, 4]
    unknown, two_faults = body["refused"]
    assert unknown["row"] == 5 and "unknown provider ghost-care" in unknown["reasons"][0]
    assert two_faults["reference"] == "DO-0004" and len(two_faults["reasons"]) == 2
    assert (await contracts.client.get("/placements", headers=COMMISSIONER)).json()["items"] == []
    assert await contracts.outbox() == []


async def test_json_import_dry_run_then_import_then_no_second_import(contracts):
    dps_id = await day_opportunities(contracts)
    row = {
        "reference": "DO-0100", "lot_code": "DO", "transition": "contract",
        "incumbent_name": "Sunrise Day Services", "provider_organisation": "sunrise-day-services",
        "need_band": "low", "postcode_district": "ST16", "start_on": "2027-04-01",
        "initial_term_months": 36, "extension_months": [12, 12],
        "lines": [{"element": "day_opportunity", "unit": "day", "band": "low",
                   "quantity_per_week": "4", "rate": "45.00"}],
    }
    url = f"/placements/import?dps_id={dps_id}"
    dry = await contracts.client.post(f"{url}&dry_run=true", json={"rows": [row]},
                                      headers=COMMISSIONER)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["dry_run"], dry.json()["imported"]) == (True, False)
    assert await contracts.outbox() == []
    done = await contracts.client.post(url, json={"rows": [row]}, headers=COMMISSIONER)
    assert done.status_code == 201, done.text
    again = await contracts.client.post(url, json={"rows": [row, {"reference": 7}]},
                                        headers=COMMISSIONER)
    body = problem(again, 422, "import_refused")
    assert "already imported" in body["refused"][0]["reasons"][0]
    assert body["refused"][1]["row"] == 2


async def test_a_file_with_personal_data_columns_is_refused_whole(contracts):
    dps_id = await day_opportunities(contracts)
    with_names = HEADER.replace("need_band", "name,need_band") + "x\n"
    body = problem(await contracts.client.post(
        f"/placements/import?dps_id={dps_id}", content=with_names, headers=CSV,
    ), 422, "invalid_import_file")
    assert body["unknown_columns"] == ["name"]
    problem(await contracts.client.post(
        f"/placements/import?dps_id={dps_id}", content="a,b", headers={
            "content-type": "application/xml", **COMMISSIONER}), 415, "http_415")
    problem(await contracts.client.post(
        f"/placements/import?dps_id={uuid4()}", json={"rows": [{}]}, headers=COMMISSIONER),
        404, "dps_not_known")


async def test_malformed_files_are_refused_with_a_problem_never_a_failure(contracts):
    dps_id = await day_opportunities(contracts)
    url = f"/placements/import?dps_id={dps_id}"
    windows = "\ufeff" + HEADER.replace("rate\n", "rate\r\n") + f"DO-9,{SUNRISE},d,day,,1,1\r\n"
    saved = await contracts.client.post(url, content=windows.encode(), headers=CSV)
    assert saved.status_code == 201, saved.text  # a spreadsheet's BOM and line ends read
    csv_bodies = [
        HEADER,  # no placement at all
        "reference,lot_code\nDO-1,DO\n",
        HEADER + 'DO-9,DO,contract,"unclosed,x\n',
        HEADER + "DO-9,DO,contract,A,a,low,ST16,2027-04-01,36,twelve,day,day,low,x,1.00\n",
        HEADER + "DO-9,DO,contract,A,a,low,ST16,2027-04-01,36,,day,day,low,1,1.00,extra\n",
        b"\xff\xfe".decode("latin-1") + HEADER,
    ]
    for body in csv_bodies:
        answer = await contracts.client.post(url, content=body.encode(), headers=CSV)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.json()["code"] in ("invalid_import_file", "import_refused"), answer.text
    for document in ([], {"rows": {}}, {"rows": [1, None, {"lines": "x"}]}, {"rows": [],
                                                                             "x": 1}):
        answer = await contracts.client.post(url, json=document, headers=COMMISSIONER)
        assert answer.status_code == 422, answer.text
    assert len(await contracts.outbox()) == 1  # the one good file's contract
