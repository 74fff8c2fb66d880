"""Applications: submission rules, the decision clock, deciding once, and who may act."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from services.registry.domain import (
    ApplicationStatus,
    DocumentInput,
    Regime,
    admit,
    audit_csv,
    submit_application,
)
from services.registry.domain import errors as e
from services.registry.domain.memberships import MembershipStatus
from shared.clock import LONDON
from shared.events.registry import ApplicationRejected, ApplicationSubmitted, ProviderAdmitted
from tests.registry.factories import (
    AUDITOR,
    COMMISSIONER,
    KENT_FIRST_REOPENING,
    kent_everyday_life,
    london,
    make_dps,
    make_provider,
    provider_user,
    qualifying_answers,
    qualifying_documents,
)

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)
EASTER_THURSDAY = london(date(2025, 4, 17), time(10, 0))


def apply(
    dps, provider, now, *, answers=None, documents=None, lot_ids=None, existing=(),
    memberships=(), by=None,
):
    lot_ids = lot_ids or [lot.id for lot in dps.lots]
    return submit_application(
        dps=dps, provider=provider, lot_ids=lot_ids,
        answers=qualifying_answers(dps, lot_ids) if answers is None else answers,
        documents=(
            qualifying_documents(dps, lot_ids, date(2026, 12, 31))
            if documents is None
            else documents
        ),
        existing_applications=list(existing), memberships=list(memberships),
        now=now, by=by or provider_user(provider),
    )


# --- the decision clock ----------------------------------------------------------------


def test_pcr_dps_admission_due_in_10_working_days_across_easter():
    dps = make_dps(NOW)
    app = apply(dps, make_provider(), EASTER_THURSDAY)
    # Good Friday, Easter Monday and the early May bank holiday (5 May) do not count.
    due_local = app.decision_due_at.astimezone(LONDON)
    assert due_local.date() == date(2025, 5, 6)
    assert due_local.time() == time.max
    submitted = app.pending_events[0]
    assert isinstance(submitted, ApplicationSubmitted)
    assert submitted.decision_due_at == app.decision_due_at


def test_decision_extension_to_15_working_days_needs_reason_and_happens_once():
    dps = make_dps(NOW)
    app = apply(dps, make_provider(), EASTER_THURSDAY)
    with pytest.raises(e.ReasonRequired):
        app.extend_decision(EASTER_THURSDAY, COMMISSIONER, " ")
    assert not app.extended
    due = app.extend_decision(
        EASTER_THURSDAY + timedelta(days=1), COMMISSIONER, "CQC report awaited"
    )
    assert due.astimezone(LONDON).date() == date(2025, 5, 13)
    assert app.extension_reason == "CQC report awaited"
    with pytest.raises(e.DecisionAlreadyExtended):
        app.extend_decision(EASTER_THURSDAY + timedelta(days=2), COMMISSIONER, "still waiting")
    assert app.decision_due_at == due


def test_decision_extension_refused_once_the_due_date_has_passed():
    dps = make_dps(NOW)
    app = apply(dps, make_provider(), EASTER_THURSDAY)
    with pytest.raises(e.DecisionExtensionTooLate):
        app.extend_decision(app.decision_due_at + timedelta(seconds=1), COMMISSIONER, "late")


def test_light_touch_decision_due_on_the_councils_service_level_without_extension():
    dps = make_dps(NOW, regime=Regime.PCR2015_LIGHT_TOUCH, decision_service_level_working_days=20)
    app = apply(dps, make_provider(), london(date(2025, 1, 6)))
    assert app.decision_due_at.astimezone(LONDON).date() == date(2025, 2, 3)
    with pytest.raises(e.DecisionExtensionNotAvailable):
        app.extend_decision(NOW, COMMISSIONER, "need more time")


# --- submission rules ------------------------------------------------------------------


def test_second_live_application_to_same_lot_refused():
    dps = make_dps(NOW)
    provider = make_provider()
    first = apply(dps, provider, NOW)
    with pytest.raises(e.SecondLiveApplication):
        apply(dps, provider, NOW, existing=[first])
    first.withdraw(NOW, provider_user(provider))
    again = apply(dps, provider, NOW, existing=[first])
    assert again.status is ApplicationStatus.SUBMITTED


def test_member_cannot_apply_again_to_the_same_lot():
    dps = make_dps(NOW)
    provider = make_provider()
    app = apply(dps, provider, NOW)
    members = admit(
        dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="meets SQ"
    )
    with pytest.raises(e.AlreadyMember):
        apply(dps, provider, NOW, existing=[app], memberships=members)


def test_application_to_a_dps_that_is_not_open_refused():
    dps = make_dps(NOW, open_=False)
    with pytest.raises(e.DpsNotOpen):
        apply(dps, make_provider(), NOW)


def test_application_after_the_term_refused():
    dps = make_dps(NOW, extension_months=[])
    with pytest.raises(e.TermEnded):
        apply(dps, make_provider(), datetime(2028, 1, 2, tzinfo=UTC))


def test_application_to_an_unknown_lot_refused():
    from uuid import uuid4

    with pytest.raises(e.LotNotFound):
        apply(make_dps(NOW), make_provider(), NOW, lot_ids=[uuid4()])


def test_cqc_lot_refuses_provider_without_cqc_registration():
    dps = make_dps(NOW, lots=(), open_=False)
    dps.add_lot("PC", "Personal care", NOW, COMMISSIONER, cqc_registration_required=True)
    dps.open(NOW, COMMISSIONER)
    apply(dps, make_provider(), NOW)
    with pytest.raises(e.CqcRegistrationRequired):
        apply(dps, make_provider(cqc_provider_id=None), NOW)


def test_answers_to_questions_the_lots_do_not_ask_refused():
    from uuid import uuid4

    with pytest.raises(e.QuestionNotFound):
        apply(make_dps(NOW), make_provider(), NOW, answers={uuid4(): True})


def test_declared_document_needs_a_sha256_content_hash():
    bad = [DocumentInput("public_liability_insurance", "PLI", "not-a-hash", date(2026, 1, 1))]
    with pytest.raises(e.InvalidDocument):
        apply(make_dps(NOW), make_provider(), NOW, documents=bad)


def test_closed_lot_application_refused_after_initial_window_in_kent():
    dps = kent_everyday_life(datetime(2022, 5, 30, 9, tzinfo=UTC))
    provider = make_provider(cqc_provider_id=None)
    inside = KENT_FIRST_REOPENING + timedelta(days=2)
    with pytest.raises(e.ClosedLotWindowPassed):
        apply(dps, provider, inside, lot_ids=[dps.lot_by_code("1b").id, dps.lot_by_code("1a").id])
    ok = apply(dps, provider, inside, lot_ids=[dps.lot_by_code("1a").id])
    assert ok.lot_ids == [dps.lot_by_code("1a").id]


# --- deciding --------------------------------------------------------------------------


def test_admission_creates_one_membership_per_lot_and_announces_it():
    dps = make_dps(NOW, lots=("A", "B"))
    provider = make_provider(areas=["ST16", "WS11"])
    app = apply(dps, provider, NOW)
    members = admit(
        dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="passes SQ"
    )
    assert app.status is ApplicationStatus.ADMITTED
    assert [m.lot_id for m in members] == app.lot_ids
    assert all(m.status is MembershipStatus.ACTIVE for m in members)
    admitted = [m.pending_events[0] for m in members]
    assert all(isinstance(ev, ProviderAdmitted) for ev in admitted)
    assert admitted[0].areas_served == ["ST16", "WS11"]
    assert admitted[0].decided_by == COMMISSIONER.id
    assert admitted[0].membership_id == members[0].id


def test_deciding_twice_refused():
    dps = make_dps(NOW)
    provider = make_provider()
    app = apply(dps, provider, NOW)
    admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="passes SQ")
    events_before = len(app.pending_events)
    with pytest.raises(e.ApplicationAlreadyDecided):
        app.reject(NOW, COMMISSIONER, ["changed my mind"])
    with pytest.raises(e.ApplicationAlreadyDecided):
        admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="again")
    assert app.status is ApplicationStatus.ADMITTED
    assert len(app.pending_events) == events_before


def test_rejection_needs_reasons_and_publishes_them():
    dps = make_dps(NOW)
    app = apply(dps, make_provider(), NOW)
    with pytest.raises(e.ReasonRequired):
        app.reject(NOW, COMMISSIONER, ["", " "])
    assert app.status is ApplicationStatus.SUBMITTED
    app.start_review(NOW, COMMISSIONER)
    app.reject(NOW, COMMISSIONER, ["insurance cover below £5m"])
    rejected = app.pending_events[-1]
    assert isinstance(rejected, ApplicationRejected)
    assert rejected.reasons == ["insurance cover below £5m"]


def test_admitting_an_applicant_who_fails_a_pass_fail_question_refused():
    dps = make_dps(NOW)
    provider = make_provider()
    answers = qualifying_answers(dps, [dps.lots[0].id])
    sq2 = next(q for q in dps.lots[0].questions if q.code == "SQ2")
    answers[sq2.id] = True  # an exclusion ground applies
    app = apply(dps, provider, NOW, answers=answers)
    with pytest.raises(e.ApplicantDoesNotQualify) as refused:
        admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="x")
    assert "SQ2" in refused.value.message
    assert app.status is ApplicationStatus.SUBMITTED


def test_admitting_an_applicant_whose_required_document_expired_refused():
    dps = make_dps(NOW)
    provider = make_provider()
    docs = qualifying_documents(dps, [dps.lots[0].id], date(2025, 1, 31))
    app = apply(dps, provider, NOW, documents=docs)
    with pytest.raises(e.ApplicantDoesNotQualify):
        admit(dps=dps, application=app, provider=provider, now=datetime(2025, 2, 3, tzinfo=UTC),
              by=COMMISSIONER, why="x")


def test_partial_admission_rejects_the_other_lots_with_reasons():
    dps = make_dps(NOW, lots=("A", "B"))
    provider = make_provider()
    app = apply(dps, provider, NOW)
    lot_a, lot_b = app.lot_ids
    with pytest.raises(e.ReasonRequired):
        admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="A only",
              lot_ids=[lot_a])
    members = admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER,
                    why="A only", lot_ids=[lot_a], reasons_for_others=["no night staff for lot B"])
    assert [m.lot_id for m in members] == [lot_a]
    rejected = [ev for ev in app.pending_events if isinstance(ev, ApplicationRejected)]
    assert rejected[0].lot_ids == [lot_b]


def test_withdrawn_application_cannot_be_decided():
    dps = make_dps(NOW)
    provider = make_provider()
    app = apply(dps, provider, NOW)
    app.withdraw(NOW, provider_user(provider))
    with pytest.raises(e.ApplicationNotLive):
        app.reject(NOW, COMMISSIONER, ["late"])


# --- roles -----------------------------------------------------------------------------


def test_provider_cannot_act_on_another_providers_application():
    dps = make_dps(NOW)
    owner, other = make_provider(), make_provider()
    app = apply(dps, owner, NOW)
    with pytest.raises(e.ApplicationNotFound) as hidden:
        app.withdraw(NOW, provider_user(other))
    assert hidden.value.details == {"application_id": str(app.id)}  # nothing of the owner's
    with pytest.raises(e.ProviderNotFound):
        apply(dps, owner, NOW, by=provider_user(other))
    assert app.status is ApplicationStatus.SUBMITTED


def test_provider_and_auditor_cannot_decide_applications():
    dps = make_dps(NOW)
    provider = make_provider()
    app = apply(dps, provider, NOW)
    for actor in (provider_user(provider), AUDITOR):
        with pytest.raises(e.RoleNotPermitted):
            admit(dps=dps, application=app, provider=provider, now=NOW, by=actor, why="self-admit")
        with pytest.raises(e.RoleNotPermitted):
            app.reject(NOW, actor, ["no"])
    assert app.status is ApplicationStatus.SUBMITTED


def test_commissioner_cannot_apply_on_a_providers_behalf():
    with pytest.raises(e.RoleNotPermitted):
        apply(make_dps(NOW), make_provider(), NOW, by=COMMISSIONER)


# --- audit -----------------------------------------------------------------------------


def test_every_decision_is_recorded_with_who_when_why_and_exports():
    dps = make_dps(NOW)
    provider = make_provider()
    app = apply(dps, provider, NOW)
    later = NOW + timedelta(hours=2)
    app.extend_decision(NOW + timedelta(hours=1), COMMISSIONER, "references outstanding")
    (member,) = admit(dps=dps, application=app, provider=provider, now=later, by=COMMISSIONER,
                      why="meets every criterion")
    rows = [d.as_row() for d in sorted([*app.decisions, *member.decisions], key=lambda d: d.at)]
    assert [r["action"] for r in rows] == [
        "submitted", "decision_extended", "admitted", "membership_started"]
    assert {r["subject_name"] for r in rows} == {provider.name}
    admitted = rows[2]
    assert admitted["actor_id"] == COMMISSIONER.id
    assert admitted["actor_role"] == "commissioner"
    assert admitted["why"] == "meets every criterion"
    assert admitted["at"] == later.isoformat()
    csv_text = audit_csv([*app.decisions, *member.decisions])
    assert csv_text.splitlines()[0] == (
        "at,subject_type,subject_id,subject_name,action,reason_code,actor_id,actor_role,why")
    assert "references outstanding" in csv_text
