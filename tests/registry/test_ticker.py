"""What time does, run by the registry's ticker on a manual clock: windows, closed lots,
expiry, missed re-declarations, expiring documents, overdue decisions."""

from __future__ import annotations

import logging
from datetime import date, time, timedelta
from uuid import UUID

import pytest
from sqlalchemy import Date, Uuid, bindparam, text

from shared.clock import ManualClock
from tests.messaging.harness import wait_for
from tests.registry.api_support import (
    COMMISSIONER,
    KEEP_SENT_EVENTS,
    START,
    Registry,
    london,
    lot_body,
    problem,
    sha,
)
from tests.support.services import running_service

pytestmark = pytest.mark.nats


async def tick(registry: Registry) -> None:
    await registry.app.state.ticker()


async def _status(registry: Registry, membership_id: str) -> tuple[str, str | None]:
    m = (await registry.client.get(f"/memberships/{membership_id}", headers=COMMISSIONER)).json()
    return m["status"], m["suspension_reason"]


async def test_reopening_windows_open_and_close_and_closed_lots_stop_on_the_clock(registry):
    dps = await registry.open_dps(
        regime="pcr2015_light_touch", decision_service_level_working_days=10,
        admission_mode="windows",
        initial_window_ends_at=london(date(2026, 3, 31), time(17)).isoformat(),
        lots=[lot_body("1a"), lot_body("1b", closed_lot=True)],
    )
    lot_1a, lot_1b = (lot["id"] for lot in dps["lots"])
    window = (await registry.client.post(f"/dps/{dps['id']}/windows", headers=COMMISSIONER, json={
        "opens_at": london(date(2026, 10, 1), time(0)).isoformat(),
        "closes_at": london(date(2026, 10, 29), time(0)).isoformat()})).json()
    await tick(registry)
    assert await registry.events("lot_closed") == []

    registry.clock.set(london(date(2026, 3, 31), time(17)))
    await tick(registry)
    [closed] = await registry.events("lot_closed")
    assert (closed["lot_id"], closed["reason"]) == (lot_1b, "closed lot: initial window ended")
    problem(await registry.apply(await registry.provider(), dps, ["1b"]), 422,
            "closed_lot_window_passed")  # the same refusal as before the ticker ran

    registry.clock.set(london(date(2026, 10, 1), time(0, 5)))
    await tick(registry)
    await tick(registry)  # a second pass publishes nothing new
    [opened] = await registry.events("reopening_window_opened")
    assert (opened["window_id"], opened["lot_ids"]) == (window["id"], [lot_1a])

    registry.clock.set(london(date(2026, 10, 29), time(0, 5)))
    await tick(registry)
    [ended] = await registry.events("reopening_window_closed")
    assert ended["window_id"] == window["id"]
    read = (await registry.client.get(f"/dps/{dps['id']}", headers=COMMISSIONER)).json()
    assert read["windows"][0]["status"] == "closed"
    assert [lot["accepting_applications"] for lot in read["lots"]] == [True, False]


async def test_dps_expires_at_the_end_of_its_term(registry):
    dps = await registry.open_dps()  # current term ends 31 December 2027
    registry.clock.set(london(date(2027, 12, 31), time(23, 59)))
    await tick(registry)
    assert await registry.events("dps_closed") == []
    registry.clock.set(london(date(2028, 1, 1), time(0, 1)))
    await tick(registry)
    [event] = await registry.events("dps_closed")
    assert (event["dps_id"], event["outcome"]) == (dps["id"], "expired")
    read = (await registry.client.get(f"/dps/{dps['id']}", headers=COMMISSIONER)).json()
    assert read["status"] == "expired"
    problem(await registry.client.get(f"/public/dps/{dps['id']}"), 404, "dps_not_found")


async def test_missed_redeclaration_suspends_after_5_working_days_across_christmas(registry):
    dps = await registry.open_dps()
    lot_a = dps["lots"][0]["id"]
    prompt, late = await registry.provider(), await registry.provider()
    [on_time] = await registry.admitted(prompt, dps, ["A"])
    [missing] = await registry.admitted(late, dps, ["A"])
    registry.clock.set(london(date(2026, 12, 22), time(11)))
    await registry.client.post(f"/dps/{dps['id']}/lots/{lot_a}/redeclaration-requests",
                               headers=COMMISSIONER)
    registry.clock.set(london(date(2026, 12, 29), time(10)))
    await registry.client.post(f"/memberships/{on_time['id']}/redeclare", headers=prompt.headers)

    registry.clock.set(london(date(2026, 12, 31), time(23, 59)))  # still the due day
    await tick(registry)
    assert await _status(registry, missing["id"]) == ("active", None)

    registry.clock.set(london(date(2027, 1, 1), time(0, 1)))
    await tick(registry)
    assert await _status(registry, missing["id"]) == ("suspended", "missed_redeclaration")
    assert await _status(registry, on_time["id"]) == ("active", None)
    [event] = await registry.events("membership_suspended")
    assert (event["membership_id"], event["reason_code"]) == (missing["id"],
                                                             "missed_redeclaration")
    await tick(registry)
    assert len(await registry.events("membership_suspended")) == 1


async def test_missed_redeclaration_does_not_suspend_when_the_dps_says_not(registry):
    dps = await registry.open_dps(suspend_on_missed_redeclaration=False)
    [m] = await registry.admitted(await registry.provider(), dps, ["A"])
    await registry.client.post(f"/dps/{dps['id']}/lots/{m['lot_id']}/redeclaration-requests",
                               headers=COMMISSIONER)
    registry.clock.advance(timedelta(days=14))
    await tick(registry)
    read = (await registry.client.get(f"/memberships/{m['id']}", headers=COMMISSIONER)).json()
    assert read["status"] == "active"
    assert read["redeclarations"][0]["missed"] is True


async def test_expiring_document_is_warned_about_once_then_suspends_the_members(registry):
    dps = await registry.open_dps(document_warning_days=30)
    provider = await registry.provider()
    members = await registry.admitted(provider, dps, expires_on="2026-04-30")
    await tick(registry)
    assert await registry.events("document_expiring") == []

    registry.clock.set(london(date(2026, 3, 31), time(8)))  # 30 days before expiry
    await tick(registry)
    await tick(registry)
    [warning] = await registry.events("document_expiring")
    assert (warning["document_type"], warning["expires_on"]) == (
        "public_liability_insurance", "2026-04-30")
    assert all([await _status(registry, m["id"]) == ("active", None) for m in members])

    registry.clock.set(london(date(2026, 4, 30), time(23)))  # the last good day
    await tick(registry)
    assert await registry.events("membership_suspended") == []

    registry.clock.set(london(date(2026, 5, 1), time(6)))
    await tick(registry)
    suspended = await registry.events("membership_suspended")
    assert {(e["membership_id"], e["reason_code"]) for e in suspended} == {
        (m["id"], "expired_document") for m in members}
    subjects = [e["subject"] for e in await registry.outbox()]
    assert subjects.index(warning["subject"]) < subjects.index(suspended[0]["subject"])

    # Renewed and reinstated, the member stays active.
    await registry.client.post(f"/providers/{provider.id}/documents", headers=provider.headers,
                               json={"document_type": "public_liability_insurance",
                                     "title": "renewed", "content_sha256": sha("renewed"),
                                     "expires_on": "2027-04-30"})
    for m in members:
        await registry.client.post(f"/memberships/{m['id']}/reinstate",
                                   json={"why": "insurance renewed"}, headers=COMMISSIONER)
    await tick(registry)
    assert all([await _status(registry, m["id"]) == ("active", None) for m in members])


async def test_expired_document_does_not_suspend_when_the_dps_says_not(registry):
    dps = await registry.open_dps(suspend_on_expired_document=False)
    [m] = await registry.admitted(await registry.provider(), dps, ["A"], expires_on="2026-03-10")
    registry.clock.set(london(date(2026, 3, 20)))
    await tick(registry)
    assert len(await registry.events("document_expiring")) == 1
    assert await _status(registry, m["id"]) == ("active", None)


async def test_overdue_list_follows_the_clock_across_christmas_and_new_year(registry):
    dps = await registry.open_dps()
    registry.clock.set(london(date(2026, 12, 22), time(11)))
    applied = (await registry.apply(await registry.provider(), dps, ["A"])).json()
    registry.clock.set(london(date(2027, 1, 8), time(23, 59)))  # the 10th working day
    overdue = (await registry.client.get("/applications/overdue", headers=COMMISSIONER)).json()
    assert overdue["items"] == []
    registry.clock.set(london(date(2027, 1, 9), time(0, 1)))
    overdue = (await registry.client.get("/applications/overdue", headers=COMMISSIONER)).json()
    assert [a["id"] for a in overdue["items"]] == [applied["id"]]


async def test_the_ticker_runs_by_itself_every_ticker_seconds(nats_server, database):
    clock = ManualClock(START)
    async with (
        database("registry") as url,
        running_service("registry", url, nats_server.url, clock=clock, ticker_seconds=0.1,
                        **KEEP_SENT_EVENTS) as (app, client),
    ):
        registry = Registry(app, client, clock)
        dps = await registry.open_dps()
        clock.set(london(date(2028, 1, 2)))

        async def expired() -> bool:
            return bool(await registry.events("dps_closed", dps_id=dps["id"]))

        await wait_for(expired, timeout=60, what="the ticker to expire the DPS")


async def _store(registry: Registry, statement: str, **params: object) -> None:
    """Write to the store behind the domain's back (rows kept from before a rule)."""
    typed = text(statement).bindparams(
        *(bindparam(k, type_=Uuid if isinstance(v, UUID) else Date) for k, v in params.items())
    )
    async with registry.app.state.runtime.session_factory() as session:
        await session.execute(typed, params)
        await session.commit()


async def test_a_document_dated_year_1_neither_stops_the_pass_nor_the_members_after_it(registry):
    """A row the API would now refuse, kept from before: every member is still checked."""
    dps = await registry.open_dps(document_warning_days=30)
    old, other = await registry.provider(), await registry.provider()
    [old_member] = await registry.admitted(old, dps, ["A"], expires_on="2027-12-31")
    [other_member] = await registry.admitted(other, dps, ["A"], expires_on="2026-03-20")
    await _store(registry, "UPDATE provider_documents SET expires_on = :day"
                           " WHERE provider_id = :provider", day=date(1, 1, 1),
                 provider=UUID(old.id))
    report = await registry.app.state.ticker()
    assert report.failed == 0
    assert {e["provider_id"] for e in await registry.events("document_expiring")} == {
        old.id, other.id}
    assert await _status(registry, old_member["id"]) == ("suspended", "expired_document")
    registry.clock.set(london(date(2026, 3, 21)))
    await tick(registry)
    assert await _status(registry, other_member["id"]) == ("suspended", "expired_document")


async def test_a_row_that_fails_is_logged_and_the_pass_goes_on_with_the_next(registry, caplog):
    broken, fine = await registry.open_dps(), await registry.open_dps()
    await _store(registry, "UPDATE dps SET regime = 'pcr2006' WHERE id = :id",
                 id=UUID(broken["id"]))
    registry.clock.set(london(date(2028, 1, 2)))  # both terms have ended
    with caplog.at_level(logging.ERROR, logger="care_dps.registry.ticker"):
        report = await registry.app.state.ticker()
    assert report.failed == 1
    assert [e["dps_id"] for e in await registry.events("dps_closed")] == [fine["id"]]
    [logged] = [r for r in caplog.records if r.name == "care_dps.registry.ticker"]
    assert broken["id"] in logged.getMessage() and logged.exc_info is not None
