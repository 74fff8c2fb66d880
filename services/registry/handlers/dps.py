"""Use cases of a DPS's life: set it up, open it, close it, take an extension option."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from pydantic import Field

from services.registry.domain.actors import Actor
from services.registry.domain.dps import BuyerOrganisation, Dps
from services.registry.domain.lots import ExtensionOption, Lot
from services.registry.domain.rates import Rate, RateCard
from services.registry.handlers.specs import Command, DpsSpec, LotSpec, RateCardSpec, utc
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock
from shared.uow import change

T = TypeVar("T")


class SetUpDps(Command):
    dps: DpsSpec


class OpenDps(Command):
    dps_id: UUID


class CloseDps(Command):
    dps_id: UUID
    reason: str


class ExerciseExtension(Command):
    dps_id: UUID
    reason: str = Field(description="Why the term is extended (recorded).")


async def set_up_dps(cmd: SetUpDps, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Dps:
    """Draft a DPS, with any lots, questionnaire, rate cards and criteria given at once.

    All or nothing: the first broken rule refuses the whole set-up.
    """
    spec, now = cmd.dps, clock.now()
    async with uow:
        dps = Dps.set_up(
            now=now, by=actor,
            name=spec.name,
            buyers=[BuyerOrganisation(b.name, b.kind) for b in spec.buyers],
            regime=spec.regime,
            service_category=spec.service_category,
            starts_on=spec.starts_on,
            initial_term_months=spec.initial_term_months,
            extension_months=list(spec.extension_months),
            admission_mode=spec.admission_mode,
            initial_window_ends_at=(
                utc(spec.initial_window_ends_at) if spec.initial_window_ends_at else None
            ),
            decision_service_level_working_days=spec.decision_service_level_working_days,
            decision_extension_service_level_working_days=(
                spec.decision_extension_service_level_working_days
            ),
            participation_fee=spec.participation_fee,
            suspend_on_missed_redeclaration=spec.suspend_on_missed_redeclaration,
            suspend_on_expired_document=spec.suspend_on_expired_document,
            document_warning_days=spec.document_warning_days,
            redeclaration_working_days=spec.redeclaration_working_days,
            price_above_reference=spec.price_above_reference,
            abnormally_low_percent=spec.abnormally_low_percent,
        )
        for lot in spec.lots:
            add_lot_to(dps, lot, now, actor)
        for c in spec.criteria:
            dps.add_criterion(c.code, c.name, c.kind, c.min_weight, c.max_weight, now, actor)
        uow.dps.add(dps)
        await uow.commit()
    return dps


def add_lot_to(dps: Dps, spec: LotSpec, now: datetime, actor: Actor) -> Lot:
    """A lot with its questionnaire, required documents and rate cards."""
    lot = dps.add_lot(
        spec.code, spec.title, now, actor,
        description=spec.description,
        closed_lot=spec.closed_lot,
        cqc_registration_required=spec.cqc_registration_required,
        remote_delivery_allowed=spec.remote_delivery_allowed,
    )
    for q in spec.questions:
        dps.add_question(lot.id, q.code, q.text, now, actor, pass_answer=q.pass_answer)
    for d in spec.required_documents:
        dps.add_required_document(
            lot.id, d.document_type, now, actor,
            description=d.description, must_not_be_expired=d.must_not_be_expired,
        )
    for card in spec.rate_cards:
        add_rate_card_to(dps, lot.id, card, now, actor)
    return lot


def add_rate_card_to(
    dps: Dps, lot_id: UUID, card: RateCardSpec, now: datetime, actor: Actor
) -> RateCard:
    rates = [Rate(r.element, r.unit, r.min_amount, r.max_amount, r.band) for r in card.rates]
    return dps.add_rate_card(
        lot_id, card.effective_from, rates, now, actor, effective_to=card.effective_to
    )


async def change_dps(
    uow: RegistryUnitOfWork, dps_id: UUID, apply: Callable[[Dps], T]
) -> tuple[Dps, T]:
    """Load the DPS (locked), apply one change, commit; the change's result comes back."""
    return await change(uow, lambda u: u.dps, dps_id, apply)


async def open_dps(cmd: OpenDps, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Dps:
    """Open a draft DPS: providers may apply from now; ``DpsOpened`` tells the other services."""
    now = clock.now()
    dps, _ = await change_dps(uow, cmd.dps_id, lambda d: d.open(now, actor))
    return dps


async def close_dps(cmd: CloseDps, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Dps:
    """Close an open DPS early, with a reason: no new applications or call-offs."""
    now = clock.now()
    dps, _ = await change_dps(uow, cmd.dps_id, lambda d: d.close(now, actor, cmd.reason))
    return dps


async def exercise_extension(
    cmd: ExerciseExtension, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Dps, ExtensionOption]:
    """Take the next extension option of the term."""
    now = clock.now()
    return await change_dps(
        uow, cmd.dps_id, lambda d: d.exercise_extension(now, actor, cmd.reason)
    )
