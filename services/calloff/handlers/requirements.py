"""Requirements and the person's identity: raise, amend, record, read (every access logged),
re-seal under a new key; and the drafts the contracts service asks for (re-procurement).

The identity is sealed (``store.sealing``) before it reaches the store and opened only for
a caller the domain lets read it (``may_read_person``). Each read, granted or refused, is
logged in the same transaction as nothing else, so a refusal leaves its trace too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID, uuid4, uuid5

from services.calloff.domain import errors as e
from services.calloff.domain.people import PersonDetails, postcode_district
from services.calloff.domain.requirements import (
    Requirement,
    Volume,
    check_volumes,
    may_read_person,
)
from services.calloff.domain.requirements import Unit as VolumeUnit
from services.calloff.handlers.specs import PersonSpec, RequirementDetails, RequirementSpec
from services.calloff.store import CalloffUnitOfWork
from services.calloff.store.sealing import PersonSealer
from shared.actors import Actor, Role, require_role
from shared.clock import Clock
from shared.dpsview.model import KnownDpsStatus
from shared.errors import DomainError
from shared.events.contracts import ReprocurementRequested
from shared.workdays import local_date

T = TypeVar("T")

#: Requirement ids of re-procurements derive from the placement (one draft per placement).
REPROCUREMENT_NAMESPACE = UUID("0b5f7c1e-3d2a-5e8f-9a1b-4c6d8e0f2a3b")


async def raise_requirement(
    spec: RequirementSpec, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock,
    sealer: PersonSealer,
) -> Requirement:
    """A practitioner raises a requirement under an open DPS's lot (a draft until complete)."""
    now = clock.now()
    today = local_date(now)
    person = spec.person.person(today) if spec.person else None
    async with uow:
        dps = await uow.dps.find(spec.dps_id)
        if dps is None:
            raise e.UnknownDps(
                f"No DPS {spec.dps_id} is known to the call-off service (yet).",
                dps_id=str(spec.dps_id),
            )
        if dps.status is not KnownDpsStatus.OPEN:
            raise e.DpsNotOpen(f"{dps.name} is {dps.status.value}: it takes no requirements.")
        if all(lot.lot_id != spec.lot_id for lot in dps.lots):
            raise e.UnknownLot(f"{dps.name} has no lot {spec.lot_id}.", lot_id=str(spec.lot_id))
        requirement = Requirement.raised(
            id=uuid4(), dps_id=dps.id, lot_id=spec.lot_id, by=actor, now=now, today=today,
            details=spec.details(), person=person,
        )
        await uow.requirements.add(requirement)
        if person is not None:
            await _keep_person(uow, sealer, requirement, person, actor)
        await uow.commit()
    return requirement


async def amend_requirement(
    requirement_id: UUID, spec: RequirementDetails, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock, sealer: PersonSealer,
) -> Requirement:
    now = clock.now()
    async with uow:
        requirement = await uow.requirements.get(requirement_id, lock=True)
        sealed = await uow.people.sealed(requirement_id)
        requirement.amend(
            spec.details(), by=actor, now=now, today=local_date(now),
            person=sealer.open(sealed) if sealed else None,
            in_use=await uow.requirements.in_use(requirement_id),
        )
        await uow.requirements.save(requirement)
        await uow.commit()
    return requirement


async def record_person(
    requirement_id: UUID, spec: PersonSpec, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock, sealer: PersonSealer,
) -> Requirement:
    """Record (or correct) the person's identity; it never leaves the council side until
    award."""
    now = clock.now()
    today = local_date(now)
    person = spec.person(today)
    async with uow:
        requirement = await uow.requirements.get(requirement_id, lock=True)
        requirement.record_person(
            person, by=actor, now=now, today=today,
            in_use=await uow.requirements.in_use(requirement_id),
        )
        await uow.requirements.save(requirement)
        await _keep_person(uow, sealer, requirement, person, actor)
        await uow.commit()
    return requirement


async def _keep_person(
    uow: CalloffUnitOfWork, sealer: PersonSealer, requirement: Requirement,
    person: PersonDetails, actor: Actor,
) -> None:
    now = requirement.changed_at
    await uow.people.keep(requirement.id, sealer.seal(person), sealer.current_key_id, actor.id, now)
    await uow.people.log(requirement.id, actor, "recorded", True, now)


async def read_person(
    requirement_id: UUID, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock,
    sealer: PersonSealer,
) -> PersonDetails:
    """The person's identity, for the council side, or the provider awarded a contract for
    this requirement; anyone else is told there is no such requirement. Logged either way."""
    now = clock.now()
    async with uow:
        requirement = await uow.requirements.find(requirement_id)
        awarded = actor.is_provider and actor.provider_id is not None and (
            await uow.call_offs.awarded_to(requirement_id, actor.provider_id)
        )
        granted = requirement is not None and may_read_person(actor, awarded_to_actor=awarded)
        sealed = await uow.people.sealed(requirement_id) if granted else None
        await uow.people.log(requirement_id, actor, "read", granted and sealed is not None, now)
        await uow.commit()
    if not granted:
        raise e.RequirementNotFound(
            f"There is no requirement {requirement_id}.", requirement_id=str(requirement_id)
        )
    if sealed is None:
        raise e.PersonNotFound(
            "No person's details are recorded for this requirement yet.",
            requirement_id=str(requirement_id),
        )
    return sealer.open(sealed)


async def rotate_person_keys(
    *, actor: Actor, uow: Callable[[], CalloffUnitOfWork], sealer: PersonSealer,
    batch: int = 200,
) -> int:
    """Re-seal every identity still under an older key with the first key; returns how many.
    Rows another replica is re-sealing are skipped (it does them)."""
    require_role(actor, Role.OPERATOR)
    resealed = 0
    while True:
        async with uow() as unit:
            rows = await unit.people.under_other_keys(sealer.current_key_id, batch)
            for requirement_id, sealed in rows:
                await unit.people.reseal(requirement_id, sealer.rotate(sealed),
                                         sealer.current_key_id)
            await unit.commit()
        resealed += len(rows)
        if len(rows) < batch:
            return resealed


async def reprocurement_requested(event: ReprocurementRequested, uow: CalloffUnitOfWork) -> None:
    """An existing placement is to be re-procured: a requirement draft, linked by the
    placement, with what is known and nothing personal (a practitioner completes it)."""
    if await uow.requirements.find_by_placement(event.placement_id) is not None:
        return  # the same request again
    await uow.requirements.add(
        Requirement.for_reprocurement(
            id=uuid5(REPROCUREMENT_NAMESPACE, str(event.placement_id)),
            placement_id=event.placement_id,
            dps_id=event.dps_id,
            lot_id=event.lot_id,
            need_band=event.need_band,
            postcode_district=_or_none(lambda: postcode_district(event.postcode_district)),
            volumes=_or_none(lambda: check_volumes([
                Volume(v.element, VolumeUnit(v.unit), v.band, v.quantity_per_week)
                for v in event.volumes
            ])) or [],
            incumbent_name=event.incumbent_name,
            current_end_on=event.current_end_on,
            now=event.occurred_at,
        )
    )


def _or_none(make: Callable[[], T]) -> T | None:
    """What the draft can take as it is; the practitioner corrects the rest."""
    try:
        return make()
    except DomainError:
        return None
