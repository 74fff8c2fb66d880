"""Use cases of applications: submit, review, extend the decision, admit, reject, withdraw.

The decision is due on the regime's clock from submission; ``GET /applications/overdue``
lists those past it. Admission creates one membership per lot and announces each.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from services.registry.domain import limits as n
from services.registry.domain.actors import Actor, Role, require_role
from services.registry.domain.admission import admit, submit_application
from services.registry.domain.applications import Application
from services.registry.domain.documents import DocumentInput
from services.registry.domain.memberships import Membership
from services.registry.handlers.fields import LongText, Reason
from services.registry.handlers.specs import AnswerSpec, Command, DocumentSpec
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock


class SubmitApplication(Command):
    dps_id: UUID
    lot_ids: list[UUID] = Field(min_length=1, max_length=n.LOTS)
    answers: list[AnswerSpec] = Field(default_factory=list, max_length=n.CHILDREN)
    documents: list[DocumentSpec] = Field(default_factory=list, max_length=n.CHILDREN)


class StartReview(Command):
    application_id: UUID


class ExtendDecision(Command):
    application_id: UUID
    reason: Reason


class AdmitApplicant(Command):
    application_id: UUID
    why: Reason
    lot_ids: list[UUID] | None = Field(default=None, max_length=n.LOTS)
    reasons_for_others: list[Reason] = Field(default_factory=list, max_length=n.REASONS)


class RejectApplication(Command):
    application_id: UUID
    reasons: list[Reason] = Field(min_length=1, max_length=n.REASONS)


class WithdrawApplication(Command):
    application_id: UUID
    why: LongText = ""


async def submit(
    cmd: SubmitApplication, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Application:
    """A provider applies to lots of an open DPS, for its own organisation: refused if a lot
    does not admit now, if it already has a live application or a membership there, or if
    the application is incomplete."""
    now = clock.now()
    require_role(actor, Role.PROVIDER)
    assert actor.provider_id is not None  # a provider actor always names its organisation
    async with uow:
        # The DPS first, then the provider, in every use case that locks both.
        dps = await uow.dps.hold_open(cmd.dps_id, actor)  # none commits after it closes
        # Locking the provider serialises its own submissions: no two live applications.
        provider = await uow.providers.get_visible(actor.provider_id, actor, lock=True)
        provider_id = provider.id
        application = submit_application(
            dps=dps, provider=provider, lot_ids=list(cmd.lot_ids),
            answers={a.question_id: a.answer for a in cmd.answers},
            documents=[
                DocumentInput(d.document_type, d.title, d.content_sha256, d.expires_on)
                for d in cmd.documents
            ],
            existing_applications=await uow.applications.live_for_provider(provider.id, dps.id),
            memberships=await uow.memberships.current(provider_id=provider_id, dps_id=dps.id),
            now=now, by=actor,
        )
        uow.applications.add(application)
        uow.providers.touch(provider)
        await uow.commit()
    return application


async def start_review(
    cmd: StartReview, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Application:
    now = clock.now()
    async with uow:
        application = await uow.applications.get(cmd.application_id, lock=True)
        application.start_review(now, actor)
        await uow.commit()
    return application


async def extend_decision(
    cmd: ExtendDecision, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Application:
    """Once, before the due date, with a recorded reason (PCR: 10 -> 15 working days)."""
    now = clock.now()
    async with uow:
        application = await uow.applications.get(cmd.application_id, lock=True)
        application.extend_decision(now, actor, cmd.reason)
        await uow.commit()
    return application


async def admit_applicant(
    cmd: AdmitApplicant, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Application, list[Membership]]:
    """Admit a qualifying applicant to its lots (or some, giving reasons for the others)."""
    now = clock.now()
    async with uow:
        application = await uow.applications.get(cmd.application_id, lock=True)
        dps = await uow.dps.hold_open(application.dps_id, actor)  # none after it closes
        provider = await uow.providers.get(application.provider_id, lock=True)
        members = admit(
            dps=dps, application=application, provider=provider, now=now, by=actor,
            why=cmd.why, lot_ids=list(cmd.lot_ids) if cmd.lot_ids is not None else None,
            reasons_for_others=list(cmd.reasons_for_others),
        )
        for membership in members:
            uow.memberships.add(membership)
        await uow.commit()
    return application, members


async def reject(
    cmd: RejectApplication, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Application:
    """Refuse the application, with reasons the provider can act on."""
    now = clock.now()
    async with uow:
        application = await uow.applications.get(cmd.application_id, lock=True)
        application.reject(now, actor, list(cmd.reasons))
        await uow.commit()
    return application


async def withdraw(
    cmd: WithdrawApplication, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Application:
    """The provider withdraws its own application before a decision."""
    now = clock.now()
    async with uow:
        application = await uow.applications.get_visible(cmd.application_id, actor, lock=True)
        application.withdraw(now, actor, cmd.why)
        await uow.commit()
    return application
