"""Setting up a DPS through the API: draft -> open -> closed, lots and what is inside them."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from sqlalchemy import select

from services.registry.store import metadata
from shared.demo import examples
from tests.messaging.harness import wait_for
from tests.registry.api_support import COMMISSIONER, london, lot_body, problem

pytestmark = pytest.mark.nats

EXAMPLE = examples.load("staffordshire-day-opportunities")


async def test_commissioner_sets_up_a_draft_dps_answered_with_201_and_location(registry):
    created = await registry.client.post(
        "/dps", json=EXAMPLE, headers=COMMISSIONER
    )
    assert created.status_code == 201, created.text
    dps = created.json()
    assert created.headers["location"] == f"/dps/{dps['id']}"
    assert dps["status"] == "draft"
    assert dps["regime"] == "pcr2015_light_touch"
    assert dps["initial_term_ends_on"] == "2029-12-31"
    assert dps["max_end_on"] == "2031-12-31"
    assert [o["months"] for o in dps["extension_options"]] == [12, 12]
    rates = {(r["band"]): r["min_amount"] for r in dps["rate_cards"][0]["rates"]}
    assert rates == {"high_complex": "95.00", "medium": "60.00", "low_enablement": "45.00",
                     "standard": "6.00", "adapted_vehicle": "10.00"}
    again = await registry.client.get(created.headers["location"], headers=COMMISSIONER)
    assert again.json() == dps
    assert await registry.outbox() == []  # a draft is nobody else's business yet


async def test_opening_a_dps_publishes_dps_opened_through_the_outbox(registry):
    dps = await registry.create_dps()
    opened = await registry.client.post(f"/dps/{dps['id']}/open", headers=COMMISSIONER)
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    [event] = await registry.events("dps_opened")
    assert event["dps_id"] == dps["id"]
    assert [lot["code"] for lot in event["lots"]] == ["A", "B"]
    assert event["latest_end_on"] == "2028-12-31"

    outbox = metadata.tables["outbox"]

    async def sent() -> bool:
        async with registry.app.state.runtime.session_factory() as session:
            row = (await session.execute(
                select(outbox.c.sent_at).where(outbox.c.subject.like("%dps_opened%"))
            )).first()
        return row is not None and row.sent_at is not None

    await wait_for(sent, timeout=60, what="the relay to publish DpsOpened to JetStream")


async def test_dps_lifecycle_draft_open_closed_and_no_way_back(registry):
    dps = await registry.open_dps()
    closed = await registry.client.post(
        f"/dps/{dps['id']}/close", json={"reason": "replaced by a new DPS"}, headers=COMMISSIONER
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    [event] = await registry.events("dps_closed")
    assert (event["outcome"], event["reason"]) == ("closed", "replaced by a new DPS")
    problem(await registry.client.post(f"/dps/{dps['id']}/open", headers=COMMISSIONER),
            409, "invalid_dps_transition")
    problem(await registry.client.post(f"/dps/{dps['id']}/lots", json=lot_body("C"),
                                       headers=COMMISSIONER), 409, "dps_not_editable")


async def test_a_dps_cannot_open_without_a_lot(registry):
    dps = await registry.create_dps(lots=[])
    problem(await registry.client.post(f"/dps/{dps['id']}/open", headers=COMMISSIONER),
            422, "dps_has_no_lots")


async def test_joint_commissioning_names_every_buyer_in_dps_opened(registry):
    buyers = [{"name": "Sefton Metropolitan Borough Council"},
              {"name": "NHS South Sefton CCG", "kind": "health"}]
    dps = await registry.open_dps(
        regime="pcr2015_light_touch", buyers=buyers, decision_service_level_working_days=10
    )
    assert [b["kind"] for b in dps["buyers"]] == ["council", "health"]
    [event] = await registry.events("dps_opened")
    assert event["buyer_organisations"] == [b["name"] for b in buyers]


async def test_pcr_dps_must_end_by_23_february_2029_extensions_included(registry):
    body = problem(
        await registry.client.post(
            "/dps", json={**_minimal(), "initial_term_months": 36, "extension_months": [12]},
            headers=COMMISSIONER,
        ),
        422, "term_beyond_regime",
    )
    assert body["latest_end"] == "2029-02-23"
    ok = await registry.client.post(
        "/dps", json={**_minimal(), "initial_term_months": 37}, headers=COMMISSIONER
    )
    assert ok.status_code == 201  # 1 Jan 2026 + 37 months ends 31 Jan 2029


async def test_pcr_dps_may_not_have_a_closed_lot(registry):
    lots = [lot_body("A"), lot_body("1b", closed_lot=True)]
    problem(await registry.client.post("/dps", json={**_minimal(), "lots": lots},
                                       headers=COMMISSIONER), 422, "closed_lot_not_allowed")


async def test_light_touch_dps_needs_the_councils_decision_service_level(registry):
    light_touch = {**_minimal(), "regime": "pcr2015_light_touch"}
    problem(await registry.client.post("/dps", json=light_touch, headers=COMMISSIONER),
            422, "decision_service_level_required")


async def test_award_criteria_have_weight_ranges_and_are_fixed_once_the_dps_opens(registry):
    dps = await registry.create_dps(criteria=[])
    bad = {"code": "q", "name": "Quality", "kind": "quality", "min_weight": "80",
           "max_weight": "40"}
    problem(await registry.client.post(f"/dps/{dps['id']}/criteria", json=bad,
                                       headers=COMMISSIONER), 422, "invalid_weight_range")
    good = {**bad, "min_weight": "40", "max_weight": "80"}
    added = await registry.client.post(f"/dps/{dps['id']}/criteria", json=good,
                                       headers=COMMISSIONER)
    assert added.status_code == 201
    assert (added.json()["min_weight"], added.json()["max_weight"]) == ("40.00", "80.00")
    await registry.client.post(f"/dps/{dps['id']}/open", headers=COMMISSIONER)
    problem(await registry.client.post(f"/dps/{dps['id']}/criteria", json={**good, "code": "sv"},
                                       headers=COMMISSIONER), 422, "criteria_catalogue_fixed")


async def test_lot_sub_resources_questions_documents_rate_cards(registry):
    dps = await registry.create_dps(lots=[])
    lot = await registry.client.post(
        f"/dps/{dps['id']}/lots",
        json={"code": "SL", "title": "Supported living", "cqc_registration_required": True,
              "remote_delivery_allowed": True},
        headers=COMMISSIONER,
    )
    assert lot.status_code == 201
    lot_id = lot.json()["id"]
    assert lot.headers["location"] == f"/dps/{dps['id']}/lots/{lot_id}"
    base = f"/dps/{dps['id']}/lots/{lot_id}"
    q = await registry.client.post(f"{base}/questions", json={"code": "SQ1", "text": "Policy?"},
                                   headers=COMMISSIONER)
    d = await registry.client.post(f"{base}/documents",
                                   json={"document_type": "cqc_registration_certificate"},
                                   headers=COMMISSIONER)
    card = {"effective_from": "2026-01-01", "effective_to": "2026-12-31", "rates": [
        {"element": "support", "unit": "hour", "min_amount": "13.60", "max_amount": "14.75"},
        {"element": "sleep_in", "unit": "night", "min_amount": "78", "max_amount": "87.00"},
    ]}
    r = await registry.client.post(f"{base}/rate-cards", json=card, headers=COMMISSIONER)
    assert (q.status_code, d.status_code, r.status_code) == (201, 201, 201), r.text
    assert [x["min_amount"] for x in r.json()["rates"]] == ["13.60", "78.00"]
    overlapping = {**card, "effective_from": "2026-06-01", "effective_to": None}
    problem(await registry.client.post(f"{base}/rate-cards", json=overlapping,
                                       headers=COMMISSIONER), 422, "rate_card_overlap")
    read = (await registry.client.get(base, headers=COMMISSIONER)).json()
    assert read["cqc_registration_required"] and read["remote_delivery_allowed"]
    assert [x["code"] for x in read["questions"]] == ["SQ1"]
    assert [x["document_type"] for x in read["required_documents"]] == [
        "cqc_registration_certificate"
    ]


async def test_amounts_are_strings_and_a_float_is_refused(registry):
    card = {"effective_from": "2026-01-01", "rates": [
        {"element": "support", "unit": "hour", "min_amount": 13.6, "max_amount": "14.75"}]}
    body = problem(await registry.client.post(
        "/dps", json={**_minimal(), "lots": [lot_body("A", rate_cards=[card])]},
        headers=COMMISSIONER), 422, "invalid_input")
    assert "strings" in json.dumps(body["errors"])


async def test_lot_added_to_an_open_dps_opens_at_once_and_stopping_admissions_closes_it(registry):
    dps = await registry.open_dps()
    added = await registry.client.post(f"/dps/{dps['id']}/lots", json=lot_body("C"),
                                       headers=COMMISSIONER)
    [opened] = await registry.events("lot_opened")
    assert opened["lot"]["code"] == "C"
    assert "lot_added" in [e["change"] for e in await registry.events("dps_changed")]
    lot_id = added.json()["id"]
    stopped = await registry.client.post(
        f"/dps/{dps['id']}/lots/{lot_id}/stop-admissions", json={"reason": "market saturated"},
        headers=COMMISSIONER,
    )
    assert stopped.status_code == 200
    assert [lot["accepting_applications"] for lot in stopped.json()["lots"]] == [True, True, False]
    [closed] = await registry.events("lot_closed")
    assert closed["reason"] == "market saturated"
    resumed = await registry.client.post(
        f"/dps/{dps['id']}/lots/{lot_id}/resume-admissions", headers=COMMISSIONER
    )
    assert resumed.json()["lots"][2]["accepting_applications"] is True


async def test_extension_option_taken_moves_the_end_of_the_term(registry):
    dps = await registry.open_dps()
    assert dps["current_end_on"] == "2027-12-31"
    extended = await registry.client.post(
        f"/dps/{dps['id']}/extensions", json={"reason": "market still growing"},
        headers=COMMISSIONER,
    )
    assert extended.json()["current_end_on"] == "2028-12-31"
    problem(await registry.client.post(f"/dps/{dps['id']}/extensions",
                                       json={"reason": "again"}, headers=COMMISSIONER),
            422, "no_extension_left")


async def test_reopening_windows_are_scheduled_for_open_lots_only(registry):
    dps = await registry.create_dps(
        regime="pcr2015_light_touch", decision_service_level_working_days=10,
        admission_mode="windows",
        initial_window_ends_at=london(date(2026, 3, 31), time(17)).isoformat(),
        lots=[lot_body("1a"), lot_body("1b", closed_lot=True)],
    )
    lot_1a, lot_1b = (lot["id"] for lot in dps["lots"])
    window = {"opens_at": london(date(2026, 10, 1), time(0)).isoformat(),
              "closes_at": london(date(2026, 10, 29), time(0)).isoformat()}
    scheduled = await registry.client.post(f"/dps/{dps['id']}/windows", json=window,
                                           headers=COMMISSIONER)
    assert scheduled.status_code == 201, scheduled.text
    assert [w["lot_id"] for w in scheduled.json()["lots"]] == [lot_1a]
    assert scheduled.json()["status"] == "scheduled"
    problem(await registry.client.post(f"/dps/{dps['id']}/windows",
                                       json={**window, "lot_ids": [lot_1b]},
                                       headers=COMMISSIONER), 422, "closed_lot_cannot_reopen")
    problem(await registry.client.post(
        f"/dps/{dps['id']}/windows",
        json={**window, "closes_at": window["opens_at"]}, headers=COMMISSIONER),
        422, "invalid_reopening_window")


def _minimal() -> dict:
    return {"name": "Example DPS", "buyers": [{"name": "Example Council"}],
            "regime": "pcr2015_dps", "service_category": "home_care",
            "starts_on": "2026-01-01", "initial_term_months": 24, "lots": [lot_body("A")]}


async def test_service_documents_its_api_and_the_events_it_publishes(registry):
    openapi = (await registry.client.get("/openapi.json")).json()
    for path in ("/dps", "/dps/{dps_id}/open", "/applications/overdue",
                 "/memberships/{membership_id}/suspend", "/dps/{dps_id}/audit.csv",
                 "/public/dps/{dps_id}"):
        assert path in openapi["paths"], path
    asyncapi = (await registry.client.get("/asyncapi.json")).text
    for subject in ("dps.registry.dps_opened.v1", "dps.registry.provider_admitted.v1",
                    "dps.registry.membership_removed.v1", "dps.registry.document_expiring.v1"):
        assert subject in asyncapi, subject
    assert (await registry.client.get("/readyz")).status_code == 200
