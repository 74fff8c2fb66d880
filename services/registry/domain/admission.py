"""Admission: the use of a DPS, a provider and its applications together.

``submit_application`` checks that the lots admit now (initial window, closed lot, reopening
window), that the provider has no live application or membership for them, and fixes the
decision date on the regime's clock. ``admit`` checks the selection criteria and creates one
membership per lot. There is no cap on members: nothing here ever counts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from uuid import UUID

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor, Role, require_owner, require_role
from services.registry.domain.applications import Answer, Application
from services.registry.domain.audit import AuditAction
from services.registry.domain.documents import ApplicationDocument, DocumentInput
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.memberships import Membership
from services.registry.domain.providers import Provider
from shared.events.registry import ApplicationSubmitted
from shared.workdays import local_date


def submit_application(
    *,
    dps: Dps,
    provider: Provider,
    lot_ids: list[UUID],
    answers: Mapping[UUID, bool],
    documents: Iterable[DocumentInput],
    existing_applications: Iterable[Application],
    memberships: Iterable[Membership],
    now: datetime,
    by: Actor,
) -> Application:
    """A provider applies to one or more lots. Nothing is created unless every check passes:
    the lots admit now, the provider has no live application or membership there, and the
    application is complete (every question answered, every required document declared)."""
    require_owner(by, provider.id, e.ProviderNotFound.of(provider.id))
    if not lot_ids:
        raise e.EmptyApplication("Choose at least one lot to apply to.")
    if len(set(lot_ids)) != len(lot_ids):
        raise e.LotListedTwice(
            "Each lot is listed once in an application.", field="lot_ids",
            lot_ids=sorted({str(i) for i in lot_ids if lot_ids.count(i) > 1}),
        )
    documents = list(documents)
    lots = [dps.lot(lot_id) for lot_id in lot_ids]
    for lot in lots:
        dps.admission_open_for(lot.id, now)
        if lot.cqc_registration_required and not provider.cqc_provider_id:
            raise e.CqcRegistrationRequired(
                f"Lot {lot.code} needs a CQC-registered provider: add your CQC provider id first.",
                lot_id=str(lot.id),
            )
    for app in existing_applications:
        if app.provider_id == provider.id and app.is_live:
            clash = [lot.code for lot in lots if lot.id in app.lot_ids]
            if clash:
                raise e.SecondLiveApplication(
                    f"You already have an application for lot {', '.join(clash)} awaiting a"
                    " decision; withdraw it or wait for the decision.",
                    application_id=str(app.id),
                )
    for m in memberships:
        if m.provider_id == provider.id and m.is_current and m.lot_id in lot_ids:
            raise e.AlreadyMember(
                f"You are already a member of lot {dps.lot(m.lot_id).code}.",
                membership_id=str(m.id),
            )
    known = {q.id for lot in lots for q in lot.questions}
    stray = [q for q in answers if q not in known]
    if stray:
        raise e.QuestionNotFound(
            "Some answers are to questions not asked by these lots.",
            question_ids=[str(q) for q in stray],
        )
    kept = [
        ApplicationDocument(d.document_type, d.title, d.content_sha256, now, d.expires_on)
        for d in documents
    ]
    declared = {d.document_type for d in kept}
    gaps = [
        f"{lot.code}: question {q.code} is unanswered" for lot in lots for q in lot.questions
        if q.id not in answers
    ] + [
        f"{lot.code}: no {d.document_type} is declared" for lot in lots
        for d in lot.required_documents if d.document_type not in declared
    ]
    if gaps:
        raise e.ApplicationIncomplete(
            "The application is incomplete: " + "; ".join(gaps) + ".", gaps=gaps
        )
    application = Application(
        dps_id=dps.id,
        provider_id=provider.id,
        provider_name=provider.name,
        lot_ids=lot_ids,
        answers=[Answer(q, bool(a)) for q, a in answers.items()],
        documents=kept,
        submitted_at=now,
        decision_working_days=dps.decision_working_days,
        extension_working_days=dps.decision_extension_working_days,
    )
    application._decide(AuditAction.SUBMITTED, now, by, ", ".join(lot.code for lot in lots))
    application.record(ApplicationSubmitted(
        occurred_at=now, application_id=application.id, dps_id=dps.id, provider_id=provider.id,
        provider_name=provider.name, lot_ids=lot_ids, decision_due_at=application.decision_due_at,
    ))
    return application


def admit(
    *,
    dps: Dps,
    application: Application,
    provider: Provider,
    now: datetime,
    by: Actor,
    why: str,
    lot_ids: list[UUID] | None = None,
    reasons_for_others: list[str] | None = None,
) -> list[Membership]:
    """Admit a qualifying applicant to its lots (or some of them); one membership per lot."""
    require_role(by, Role.COMMISSIONER)
    if dps.status is not DpsStatus.OPEN:
        raise e.DpsNotOpen(f"{dps.name} is {dps.status}: no one can be admitted.")
    if application.dps_id != dps.id or application.provider_id != provider.id:
        raise e.ApplicationNotLive(
            "That application is not this provider's application to this DPS."
        )
    if lot_ids is not None and len(set(lot_ids)) != len(lot_ids):
        raise e.LotListedTwice("Each lot is listed once.", field="lot_ids")
    chosen = list(lot_ids) if lot_ids is not None else application.lot_ids
    today = local_date(now)
    failures = [f for lot_id in chosen for f in application.failures(dps.lot(lot_id), today)]
    if failures:
        raise e.ApplicantDoesNotQualify(
            "The applicant does not meet the selection criteria: " + "; ".join(failures) + ".",
            failures=failures,
        )
    admitted = application.admit(
        now, by, why, lot_ids=chosen, reasons_for_others=reasons_for_others
    )
    for doc in application.documents:
        current = provider.current_document(doc.document_type)
        if current is None or current.declared_at < doc.declared_at:
            provider.keep_document(doc.document_type, doc.title, doc.content_sha256, now, by,
                                   expires_on=doc.expires_on)
    return [
        Membership.start(
            dps_id=dps.id, lot_id=lot_id, provider_id=provider.id, provider_name=provider.name,
            application_id=application.id, areas_served=provider.areas_served,
            capacity=provider.capacity_for(lot_id), cqc_provider_id=provider.cqc_provider_id,
            now=now, by=by, why=why,
        )
        for lot_id in admitted
    ]
