"""Use cases of memberships: suspend, reinstate, remove, and re-declaration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from services.registry.domain.actors import Actor
from services.registry.domain.compliance import request_redeclaration
from services.registry.domain.memberships import Membership, RemovalReason, SuspensionReason
from services.registry.handlers.fields import LongText, Reason
from services.registry.handlers.specs import Command
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock

T = TypeVar("T")


class Suspend(Command):
    membership_id: UUID
    reason: SuspensionReason
    why: LongText = ""


class Reinstate(Command):
    membership_id: UUID
    why: Reason


class Remove(Command):
    membership_id: UUID
    reason: RemovalReason
    why: Reason


class Redeclare(Command):
    membership_id: UUID
    note: LongText = ""


class RequestRedeclaration(Command):
    dps_id: UUID
    lot_id: UUID


async def _change(
    uow: RegistryUnitOfWork, membership_id: UUID, actor: Actor, change: Callable[[Membership], T]
) -> Membership:
    async with uow:
        membership = await uow.memberships.get_visible(membership_id, actor, lock=True)
        change(membership)
        await uow.commit()
    return membership


async def suspend(cmd: Suspend, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Membership:
    """Suspend an active member (safeguarding, expired document, missed re-declaration,
    exclusion ground): it is not invited until reinstated."""
    now = clock.now()
    return await _change(
        uow, cmd.membership_id, actor, lambda m: m.suspend(cmd.reason, now, actor, cmd.why)
    )


async def reinstate(
    cmd: Reinstate, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Membership:
    now = clock.now()
    return await _change(uow, cmd.membership_id, actor, lambda m: m.reinstate(now, actor, cmd.why))


async def remove(cmd: Remove, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Membership:
    """Final: a removed provider must apply again."""
    now = clock.now()
    return await _change(
        uow, cmd.membership_id, actor, lambda m: m.remove(cmd.reason, now, actor, cmd.why)
    )


async def redeclare(
    cmd: Redeclare, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Membership:
    """The member answers the oldest re-declaration request waiting for it."""
    now = clock.now()
    return await _change(uow, cmd.membership_id, actor, lambda m: m.redeclare(now, actor, cmd.note))


@dataclass(frozen=True)
class RedeclarationRequested:
    request_id: UUID
    dps_id: UUID
    lot_id: UUID
    due_at: datetime | None  # None: the lot has no current member to ask
    membership_ids: list[UUID]


async def ask_to_redeclare(
    cmd: RequestRedeclaration, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> RedeclarationRequested:
    """Ask every current member of the lot to re-declare within the DPS's working days."""
    now = clock.now()
    async with uow:
        dps = await uow.dps.get(cmd.dps_id)
        dps.lot(cmd.lot_id)
        members = await uow.memberships.current(dps_id=dps.id, lot_id=cmd.lot_id)
        request_id = request_redeclaration(
            dps=dps, lot_id=cmd.lot_id, memberships=members, now=now, by=actor
        )
        await uow.commit()
    return RedeclarationRequested(
        request_id=request_id, dps_id=dps.id, lot_id=cmd.lot_id,
        due_at=members[0].redeclarations[-1].due_at if members else None,
        membership_ids=[m.id for m in members],
    )
