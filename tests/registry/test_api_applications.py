"""Applications through the API: the legal clock, the decisions, windows and closed lots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from shared.clock import LONDON
from tests.registry.api_support import COMMISSIONER, london, lot_body, problem

pytestmark = pytest.mark.nats

EASTER_THURSDAY = london(date(2026, 4, 2), time(10))  # Good Friday 3 Apr, Easter Monday 6 Apr


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(LONDON)


async def test_pcr_decision_due_in_10_working_days_skipping_easter(registry):
    dps = await registry.open_dps()
    registry.clock.set(EASTER_THURSDAY)
    applied = await registry.apply(await registry.provider(), dps, ["A"])
    assert applied.status_code == 201, applied.text
    assert applied.headers["location"] == f"/applications/{applied.json()['id']}"
    due = _local(applied.json()["decision_due_at"])
    assert (due.date(), due.time()) == (date(2026, 4, 20), time.max)
    [event] = await registry.events("application_submitted")
    assert _local(event["decision_due_at"]) == due


async def test_pcr_decision_extends_once_to_15_working_days_with_a_reason(registry):
    dps = await registry.open_dps()
    registry.clock.set(EASTER_THURSDAY)
    app_id = (await registry.apply(await registry.provider(), dps, ["A"])).json()["id"]
    url = f"/applications/{app_id}/extend"
    problem(await registry.client.post(url, json={"reason": " "}, headers=COMMISSIONER),
            422, "reason_required")
    extended = await registry.client.post(url, json={"reason": "CQC report awaited"},
                                          headers=COMMISSIONER)
    assert extended.status_code == 200
    assert _local(extended.json()["decision_due_at"]).date() == date(2026, 4, 27)
    assert extended.json()["extension_reason"] == "CQC report awaited"
    problem(await registry.client.post(url, json={"reason": "again"}, headers=COMMISSIONER),
            409, "decision_already_extended")


async def test_light_touch_decision_due_on_the_councils_service_level(registry):
    dps = await registry.open_dps(regime="pcr2015_light_touch",
                                  decision_service_level_working_days=20)
    applied = await registry.apply(await registry.provider(), dps, ["A"])
    due = _local(applied.json()["decision_due_at"])
    assert due.date() == date(2026, 3, 30)  # 20 working days from Monday 2 March
    problem(await registry.client.post(f"/applications/{applied.json()['id']}/extend",
                                       json={"reason": "more time"}, headers=COMMISSIONER),
            422, "decision_extension_not_available")


async def test_submitted_under_review_admitted_one_membership_per_lot(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    app_id = (await registry.apply(provider, dps)).json()["id"]
    reviewed = await registry.client.post(f"/applications/{app_id}/review", headers=COMMISSIONER)
    assert reviewed.json()["status"] == "under_review"
    admitted = await registry.client.post(
        f"/applications/{app_id}/admit", json={"why": "meets every criterion"},
        headers=COMMISSIONER,
    )
    assert admitted.status_code == 200, admitted.text
    body = admitted.json()
    assert body["application"]["status"] == "admitted"
    assert body["application"]["decided_by"] == "officer-1"
    assert {m["lot_id"] for m in body["memberships"]} == {lot["id"] for lot in dps["lots"]}
    assert all(m["status"] == "active" for m in body["memberships"])
    events = await registry.events("provider_admitted")
    assert {e["lot_id"] for e in events} == {lot["id"] for lot in dps["lots"]}
    assert all(e["areas_served"] == ["ST16", "ST17"] and e["decided_by"] == "officer-1"
               for e in events)
    # The admitted provider's documents are kept on its own record.
    record = (await registry.client.get(f"/providers/{provider.id}",
                                        headers=provider.headers)).json()
    assert [d["document_type"] for d in record["documents"]] == ["public_liability_insurance"]


async def test_admission_to_some_lots_needs_reasons_for_the_others(registry):
    dps = await registry.open_dps()
    app_id = (await registry.apply(await registry.provider(), dps)).json()["id"]
    lot_a = dps["lots"][0]["id"]
    url = f"/applications/{app_id}/admit"
    problem(await registry.client.post(url, json={"why": "A only", "lot_ids": [lot_a]},
                                       headers=COMMISSIONER), 422, "reason_required")
    admitted = await registry.client.post(
        url, json={"why": "A only", "lot_ids": [lot_a],
                   "reasons_for_others": ["no experience of lot B services"]},
        headers=COMMISSIONER,
    )
    assert [m["lot_id"] for m in admitted.json()["memberships"]] == [lot_a]
    [rejected] = await registry.events("application_rejected")
    assert rejected["lot_ids"] == [dps["lots"][1]["id"]]


async def test_rejection_gives_reasons_and_the_provider_may_apply_again(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    app_id = (await registry.apply(provider, dps, ["A"])).json()["id"]
    rejected = await registry.client.post(
        f"/applications/{app_id}/reject", json={"reasons": ["no safeguarding policy"]},
        headers=COMMISSIONER,
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reasons"] == ["no safeguarding policy"]
    [event] = await registry.events("application_rejected")
    assert event["reasons"] == ["no safeguarding policy"]
    assert (await registry.apply(provider, dps, ["A"])).status_code == 201


async def test_applicant_failing_the_selection_questionnaire_cannot_be_admitted(registry):
    dps = await registry.open_dps()
    app_id = (await registry.apply(await registry.provider(), dps, ["A"], passing=False)
              ).json()["id"]
    body = problem(await registry.client.post(f"/applications/{app_id}/admit",
                                              json={"why": "x"}, headers=COMMISSIONER),
                   422, "applicant_does_not_qualify")
    assert "A: question SQ1 was not passed" in body["failures"]


async def test_withdrawn_application_cannot_be_decided(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    app_id = (await registry.apply(provider, dps, ["A"])).json()["id"]
    withdrawn = await registry.client.post(f"/applications/{app_id}/withdraw",
                                           json={"why": "changed our mind"},
                                           headers=provider.headers)
    assert withdrawn.json()["status"] == "withdrawn"
    assert len(await registry.events("application_withdrawn")) == 1
    problem(await registry.client.post(f"/applications/{app_id}/admit", json={"why": "x"},
                                       headers=COMMISSIONER), 409, "application_not_live")


async def test_lot_requiring_cqc_registration_refuses_a_provider_without_a_cqc_id(registry):
    dps = await registry.open_dps(lots=[lot_body("SL", cqc_registration_required=True)])
    problem(await registry.apply(await registry.provider(cqc=False), dps), 422,
            "cqc_registration_required")


async def test_overdue_list_holds_undecided_applications_past_their_due_date(registry):
    dps = await registry.open_dps()
    registry.clock.set(EASTER_THURSDAY)
    late = (await registry.apply(await registry.provider(), dps, ["A"])).json()["id"]
    registry.clock.advance(timedelta(days=1))
    decided = (await registry.apply(await registry.provider(), dps, ["A"])).json()["id"]
    await registry.client.post(f"/applications/{decided}/reject", json={"reasons": ["no"]},
                               headers=COMMISSIONER)

    registry.clock.set(london(date(2026, 4, 20), time(23, 59)))  # still the due day
    overdue = await registry.client.get("/applications/overdue", headers=COMMISSIONER)
    assert overdue.json()["items"] == []
    registry.clock.set(london(date(2026, 4, 21), time(0, 1)))
    overdue = await registry.client.get(f"/applications/overdue?dps_id={dps['id']}",
                                        headers=COMMISSIONER)
    assert [a["id"] for a in overdue.json()["items"]] == [late]


async def test_applying_to_a_closed_lot_after_its_initial_window_is_refused(registry):
    dps = await _kent_like(registry)
    lot_1b = dps["lots"][1]["id"]
    early = await registry.provider()
    assert (await registry.apply(early, dps, ["1b"])).status_code == 201
    registry.clock.set(london(date(2026, 4, 1)))
    body = problem(await registry.apply(await registry.provider(), dps, ["1b"]), 422,
                   "closed_lot_window_passed")
    assert body["lot_id"] == lot_1b
    assert "closed lot" in body["detail"]


async def test_applying_outside_a_reopening_window_is_refused_and_inside_accepted(registry):
    dps = await _kent_like(registry)
    window = {"opens_at": london(date(2026, 10, 1), time(0)).isoformat(),
              "closes_at": london(date(2026, 10, 29), time(0)).isoformat()}
    scheduled = await registry.client.post(f"/dps/{dps['id']}/windows", json=window,
                                           headers=COMMISSIONER)
    assert scheduled.status_code == 201
    provider = await registry.provider()
    registry.clock.set(london(date(2026, 6, 1)))
    body = problem(await registry.apply(provider, dps, ["1a"]), 422, "outside_reopening_window")
    assert "01 Oct 2026" in body["detail"]
    registry.clock.set(london(date(2026, 10, 5)))
    assert (await registry.apply(provider, dps, ["1a"])).status_code == 201
    registry.clock.set(london(date(2026, 10, 29), time(0)))  # the window closes at this instant
    problem(await registry.apply(await registry.provider(), dps, ["1a"]), 422,
            "outside_reopening_window")


async def test_no_cap_every_qualifying_applicant_becomes_a_member_through_the_api(registry):
    dps = await registry.open_dps(lots=[lot_body("A")])
    n = 15
    for _ in range(n):
        await registry.admitted(await registry.provider(), dps)
    members = await registry.client.get(f"/memberships?lot_id={dps['lots'][0]['id']}",
                                        headers=COMMISSIONER)
    members = members.json()["items"]
    assert len(members) == n
    assert {m["status"] for m in members} == {"active"}
    assert len({m["provider_id"] for m in members}) == n
    assert len(await registry.events("provider_admitted")) == n


async def _kent_like(registry):  # type: ignore[no-untyped-def]
    """Light touch, admits in windows; lot 1b closed; the initial window ends 31 March."""
    return await registry.open_dps(
        regime="pcr2015_light_touch", decision_service_level_working_days=10,
        admission_mode="windows",
        initial_window_ends_at=london(date(2026, 3, 31), time(17)).isoformat(),
        lots=[lot_body("1a", remote_delivery_allowed=True), lot_body("1b", closed_lot=True)],
    )


def test_easter_thursday_is_what_the_tests_think():
    assert EASTER_THURSDAY.astimezone(LONDON).weekday() == 3
    assert EASTER_THURSDAY.tzinfo is UTC
