"""Memberships: suspension, reinstatement, final removal, re-declaration, document expiry."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from services.registry.domain import (
    SYSTEM,
    MembershipStatus,
    RemovalReason,
    SuspensionReason,
    admit,
    check_documents,
    check_redeclarations,
    request_redeclaration,
)
from services.registry.domain import errors as e
from shared.clock import LONDON
from shared.events.registry import (
    DocumentExpiring,
    MembershipRedeclarationRequested,
    MembershipReinstated,
    MembershipRemoved,
    MembershipSuspended,
)
from tests.registry.factories import (
    AUDITOR,
    COMMISSIONER,
    london,
    make_application,
    make_dps,
    make_provider,
    provider_user,
    sha256_of,
)

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)


def member_of(dps, provider=None, *, documents_expire_on=None, now=NOW):
    provider = provider or make_provider()
    app = make_application(dps, provider, now, documents_expire_on=documents_expire_on)
    (membership,) = admit(
        dps=dps, application=app, provider=provider, now=now, by=COMMISSIONER, why="passes SQ"
    )
    membership.pull_events()
    provider.pull_events()
    return provider, membership


def test_suspend_and_reinstate_publish_events_and_toggle_invitability():
    _, m = member_of(make_dps(NOW))
    m.suspend(SuspensionReason.SAFEGUARDING, NOW, COMMISSIONER, "section 42 enquiry opened")
    assert m.status is MembershipStatus.SUSPENDED and not m.is_active
    with pytest.raises(e.MembershipNotActive):
        m.suspend(SuspensionReason.EXCLUSION_GROUND, NOW, COMMISSIONER, "again")
    m.reinstate(NOW + timedelta(days=7), COMMISSIONER, "enquiry closed, no further action")
    assert m.is_active and m.suspension_reason is None
    suspended, reinstated = m.pending_events
    assert isinstance(suspended, MembershipSuspended) and suspended.reason_code == "safeguarding"
    assert isinstance(reinstated, MembershipReinstated)


def test_only_a_suspended_membership_can_be_reinstated():
    _, m = member_of(make_dps(NOW))
    with pytest.raises(e.MembershipNotSuspended):
        m.reinstate(NOW, COMMISSIONER, "why not")


def test_removed_membership_is_final():
    _, m = member_of(make_dps(NOW))
    m.remove(RemovalReason.MANDATORY_EXCLUSION, NOW, COMMISSIONER, "conviction for fraud")
    assert m.status is MembershipStatus.REMOVED
    removed = m.pending_events[-1]
    assert isinstance(removed, MembershipRemoved) and removed.reason_code == "mandatory_exclusion"
    for attempt in (
        lambda: m.reinstate(NOW, COMMISSIONER, "appeal"),
        lambda: m.suspend(SuspensionReason.SAFEGUARDING, NOW, COMMISSIONER),
        lambda: m.remove(RemovalReason.OTHER, NOW, COMMISSIONER, "twice"),
        lambda: m.request_redeclaration(m.id, NOW, COMMISSIONER),
    ):
        with pytest.raises(e.MembershipRemoved):
            attempt()
    assert m.status is MembershipStatus.REMOVED
    assert len(m.pending_events) == 1


def test_removal_needs_a_reason():
    _, m = member_of(make_dps(NOW))
    with pytest.raises(e.ReasonRequired):
        m.remove(RemovalReason.DISCRETIONARY_EXCLUSION, NOW, COMMISSIONER, "")
    assert m.is_active


def test_provider_may_leave_but_not_suspend_or_remove_another_provider():
    dps = make_dps(NOW)
    owner, m = member_of(dps)
    other = make_provider()
    with pytest.raises(e.MembershipNotFound):  # another's membership is as if missing
        m.remove(RemovalReason.PROVIDER_REQUEST, NOW, provider_user(other), "leaving")
    with pytest.raises(e.RoleNotPermitted):
        m.suspend(SuspensionReason.SAFEGUARDING, NOW, provider_user(owner))
    with pytest.raises(e.RoleNotPermitted):
        m.suspend(SuspensionReason.SAFEGUARDING, NOW, AUDITOR)
    m.remove(RemovalReason.PROVIDER_REQUEST, NOW, provider_user(owner), "ceasing this service")
    assert m.status is MembershipStatus.REMOVED


# --- re-declaration --------------------------------------------------------------------


def test_redeclaration_is_due_in_5_working_days_across_christmas():
    dps = make_dps(NOW)
    members = [member_of(dps)[1] for _ in range(3)]
    members[2].remove(RemovalReason.CEASED_TRADING, NOW, COMMISSIONER, "dissolved")
    members[2].pull_events()
    friday = london(date(2025, 12, 19), time(10))
    request_id = request_redeclaration(
        dps=dps, lot_id=dps.lots[0].id, memberships=members, now=friday, by=COMMISSIONER
    )
    for m in members[:2]:
        (ev,) = m.pending_events
        assert isinstance(ev, MembershipRedeclarationRequested) and ev.request_id == request_id
        assert ev.due_at.astimezone(LONDON).date() == date(2025, 12, 30)
    assert members[2].pending_events == []


def test_missed_redeclaration_suspends_when_configured():
    dps = make_dps(NOW)
    _, m = member_of(dps)
    request_redeclaration(dps=dps, lot_id=m.lot_id, memberships=[m], now=NOW, by=COMMISSIONER)
    due = m.redeclarations[0].due_at
    assert check_redeclarations(dps=dps, memberships=[m], now=due) == []
    assert check_redeclarations(dps=dps, memberships=[m], now=due + timedelta(seconds=1)) == [m]
    assert m.suspension_reason is SuspensionReason.MISSED_REDECLARATION
    assert m.decisions[-1].actor_id == SYSTEM.id
    assert isinstance(m.pending_events[-1], MembershipSuspended)


def test_missed_redeclaration_does_not_suspend_when_not_configured():
    dps = make_dps(NOW, suspend_on_missed_redeclaration=False)
    _, m = member_of(dps)
    request_redeclaration(dps=dps, lot_id=m.lot_id, memberships=[m], now=NOW, by=COMMISSIONER)
    check_redeclarations(dps=dps, memberships=[m], now=NOW + timedelta(days=30))
    assert m.is_active
    assert m.redeclarations[0].missed


def test_redeclaration_in_time_keeps_the_member_active():
    dps = make_dps(NOW)
    provider, m = member_of(dps)
    request_redeclaration(dps=dps, lot_id=m.lot_id, memberships=[m], now=NOW, by=COMMISSIONER)
    with pytest.raises(e.MembershipNotFound):
        m.redeclare(NOW, provider_user(make_provider()))
    m.redeclare(NOW + timedelta(days=1), provider_user(provider), "no changes")
    check_redeclarations(dps=dps, memberships=[m], now=NOW + timedelta(days=30))
    assert m.is_active
    with pytest.raises(e.RedeclarationNotFound):
        m.redeclare(NOW, provider_user(provider))


# --- document expiry -------------------------------------------------------------------


def test_expired_document_suspends_after_warning():
    dps = make_dps(NOW)  # warns 30 days ahead
    provider, m = member_of(dps, documents_expire_on=date(2025, 3, 31))

    def check(day):
        return check_documents(dps=dps, provider=provider, memberships=[m], now=london(day))

    assert check(date(2025, 2, 28)) == [] and provider.pending_events == []
    assert check(date(2025, 3, 1)) == []
    warnings = [ev for ev in provider.pending_events if isinstance(ev, DocumentExpiring)]
    assert {w.document_type for w in warnings} == {
        "public_liability_insurance", "employers_liability_insurance"
    }
    assert check(date(2025, 3, 31)) == [] and m.is_active  # the expiry day is still covered
    assert len(provider.pending_events) == 2  # warned once per document
    assert check(date(2025, 4, 1)) == [m]
    assert m.suspension_reason is SuspensionReason.EXPIRED_DOCUMENT
    assert isinstance(m.pending_events[-1], MembershipSuspended)


def test_document_found_expired_is_warned_about_before_the_suspension():
    dps = make_dps(NOW)
    provider, m = member_of(dps, documents_expire_on=date(2025, 3, 31))
    check_documents(dps=dps, provider=provider, memberships=[m], now=london(date(2025, 4, 2)))
    warned = [seq for seq, ev in provider.pull_events() if isinstance(ev, DocumentExpiring)]
    (suspended,) = [seq for seq, ev in m.pull_events() if isinstance(ev, MembershipSuspended)]
    assert warned and max(warned) < suspended


def test_expired_document_does_not_suspend_when_not_configured():
    dps = make_dps(NOW, suspend_on_expired_document=False)
    provider, m = member_of(dps, documents_expire_on=date(2025, 3, 31))
    later = london(date(2025, 5, 1))
    assert check_documents(dps=dps, provider=provider, memberships=[m], now=later) == []
    assert m.is_active
    assert any(isinstance(ev, DocumentExpiring) for ev in provider.pending_events)


def test_renewed_document_prevents_suspension():
    dps = make_dps(NOW)
    provider, m = member_of(dps, documents_expire_on=date(2025, 3, 31))
    me = provider_user(provider)
    for t in ("public_liability_insurance", "employers_liability_insurance"):
        provider.declare_document(
            t, f"{t} 2025-26", sha256_of(t + "2025"), london(date(2025, 3, 20)), me,
                                  expires_on=date(2026, 3, 31))
    after = london(date(2025, 4, 2))
    assert check_documents(dps=dps, provider=provider, memberships=[m], now=after) == []
    assert m.is_active
