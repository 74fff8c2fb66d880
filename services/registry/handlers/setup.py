"""Use cases that set up the inside of a DPS: lots, questionnaire, criteria, rates, windows.

Each loads the DPS locked, makes one change through the domain (which records the
decision, and publishes ``DpsChanged`` if the DPS is already open), and commits.
"""

from __future__ import annotations

from uuid import UUID

from services.registry.domain.actors import Actor
from services.registry.domain.dps import Dps
from services.registry.domain.lots import (
    AwardCriterion,
    Lot,
    ReopeningWindow,
    RequiredDocument,
    SelectionQuestion,
)
from services.registry.domain.rates import RateCard
from services.registry.handlers.dps import add_lot_to, add_rate_card_to, change_dps
from services.registry.handlers.specs import (
    Command,
    CriterionSpec,
    LotSpec,
    QuestionSpec,
    RateCardSpec,
    RequiredDocumentSpec,
    WindowSpec,
    utc,
)
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock


class AddLot(Command):
    dps_id: UUID
    lot: LotSpec


class AddQuestion(Command):
    dps_id: UUID
    lot_id: UUID
    question: QuestionSpec


class AddRequiredDocument(Command):
    dps_id: UUID
    lot_id: UUID
    document: RequiredDocumentSpec


class ChangeLotAdmissions(Command):
    dps_id: UUID
    lot_id: UUID
    reason: str = ""


class AddCriterion(Command):
    dps_id: UUID
    criterion: CriterionSpec


class AddRateCard(Command):
    dps_id: UUID
    lot_id: UUID
    rate_card: RateCardSpec


class ScheduleWindow(Command):
    dps_id: UUID
    window: WindowSpec


class CloseWindow(Command):
    dps_id: UUID
    window_id: UUID
    reason: str


async def add_lot(
    cmd: AddLot, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, Lot]:
    """Add a lot (with its questionnaire and rates); on an open DPS it admits at once."""
    now = clock.now()
    return await change_dps(uow, cmd.dps_id, lambda d: add_lot_to(d, cmd.lot, now, actor))


async def add_question(
    cmd: AddQuestion, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, SelectionQuestion]:
    now, q = clock.now(), cmd.question
    return await change_dps(
        uow, cmd.dps_id,
        lambda d: d.add_question(cmd.lot_id, q.code, q.text, now, actor, pass_answer=q.pass_answer),
    )


async def add_required_document(
    cmd: AddRequiredDocument, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, RequiredDocument]:
    now, doc = clock.now(), cmd.document
    return await change_dps(
        uow, cmd.dps_id,
        lambda d: d.add_required_document(
            cmd.lot_id, doc.document_type, now, actor,
            description=doc.description, must_not_be_expired=doc.must_not_be_expired,
        ),
    )


async def stop_admissions(
    cmd: ChangeLotAdmissions, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Dps:
    """The lot stops taking applications (existing members stay members)."""
    now = clock.now()
    dps, _ = await change_dps(
        uow, cmd.dps_id, lambda d: d.stop_admissions(cmd.lot_id, now, actor, cmd.reason)
    )
    return dps


async def resume_admissions(
    cmd: ChangeLotAdmissions, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Dps:
    """The lot takes applications again (never a closed lot after its initial window)."""
    now = clock.now()
    dps, _ = await change_dps(
        uow, cmd.dps_id, lambda d: d.resume_admissions(cmd.lot_id, now, actor, cmd.reason)
    )
    return dps


async def add_criterion(
    cmd: AddCriterion, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, AwardCriterion]:
    """Add an award criterion with its weight range, before the DPS opens."""
    now, c = clock.now(), cmd.criterion
    return await change_dps(
        uow, cmd.dps_id,
        lambda d: d.add_criterion(c.code, c.name, c.kind, c.min_weight, c.max_weight, now, actor),
    )


async def add_rate_card(
    cmd: AddRateCard, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, RateCard]:
    """Reference rates for a lot over a period; periods of one lot may not overlap."""
    now = clock.now()
    return await change_dps(
        uow, cmd.dps_id, lambda d: add_rate_card_to(d, cmd.lot_id, cmd.rate_card, now, actor)
    )


async def schedule_window(
    cmd: ScheduleWindow, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, ReopeningWindow]:
    """A reopening window for the named lots (a DPS that admits in windows only)."""
    now, w = clock.now(), cmd.window
    return await change_dps(
        uow, cmd.dps_id,
        lambda d: d.schedule_window(
            utc(w.opens_at), utc(w.closes_at), now, actor,
            lot_ids=list(w.lot_ids) if w.lot_ids is not None else None,
        ),
    )


async def close_window(
    cmd: CloseWindow, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Dps:
    """Close a reopening window early, with a reason."""
    now = clock.now()
    dps, _ = await change_dps(
        uow, cmd.dps_id, lambda d: d.close_window(cmd.window_id, now, actor, cmd.reason)
    )
    return dps
