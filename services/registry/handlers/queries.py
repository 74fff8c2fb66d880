"""Reads. Commissioners and auditors read everything; a provider reads only its own
applications, memberships and organisation; the public reads open DPSs, nothing else."""

from __future__ import annotations

import csv
import io
from uuid import UUID

from services.registry.domain.actors import Actor, Role, require_can_read
from services.registry.domain.applications import Application
from services.registry.domain.audit import EXPORT_COLUMNS, Decision
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.errors import NotYourOrganisation
from services.registry.domain.lots import Lot
from services.registry.domain.memberships import Membership
from services.registry.domain.providers import Provider
from services.registry.handlers import errors as h
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock


def _own_only(actor: Actor, provider_id: UUID | None) -> UUID | None:
    """The provider filter a caller may use: a provider sees only its own records."""
    if actor.role is not Role.PROVIDER:
        return provider_id
    if provider_id is not None and provider_id != actor.provider_id:
        raise NotYourOrganisation(
            "You can read only your own organisation's records.", provider_id=str(provider_id)
        )
    return actor.provider_id


async def get_dps(dps_id: UUID, uow: RegistryUnitOfWork) -> Dps:
    async with uow:
        return await uow.dps.get(dps_id)


async def list_dps(uow: RegistryUnitOfWork, status: DpsStatus | None = None) -> list[Dps]:
    async with uow:
        return await uow.dps.list(status=status)


async def public_dps(dps_id: UUID, uow: RegistryUnitOfWork) -> Dps:
    """An open DPS as anyone may see it; a draft, closed or expired one is not public."""
    async with uow:
        dps = await uow.dps.find(dps_id)
    if dps is None or dps.status is not DpsStatus.OPEN:
        raise h.DpsNotFound(f"There is no open DPS {dps_id}.", dps_id=str(dps_id))
    return dps


async def list_public_dps(uow: RegistryUnitOfWork) -> list[Dps]:
    async with uow:
        return await uow.dps.list(status=DpsStatus.OPEN)


async def get_provider(provider_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Provider:
    require_can_read(actor, provider_id)
    async with uow:
        return await uow.providers.get(provider_id)


async def list_providers(uow: RegistryUnitOfWork, actor: Actor) -> list[Provider]:
    own = _own_only(actor, None)
    async with uow:
        return await uow.providers.list(ids=[own] if own else None)


async def get_application(
    application_id: UUID, uow: RegistryUnitOfWork, actor: Actor
) -> Application:
    async with uow:
        application = await uow.applications.get(application_id)
    require_can_read(actor, application.provider_id)
    return application


async def list_applications(
    uow: RegistryUnitOfWork, actor: Actor, *, dps_id: UUID | None = None,
    provider_id: UUID | None = None, status: str | None = None,
) -> list[Application]:
    provider_id = _own_only(actor, provider_id)
    async with uow:
        return await uow.applications.list(dps_id=dps_id, provider_id=provider_id, status=status)


async def overdue_applications(
    uow: RegistryUnitOfWork, clock: Clock, actor: Actor, *, dps_id: UUID | None = None
) -> list[Application]:
    """Live applications past their decision date, the most overdue first."""
    provider_id = _own_only(actor, None)
    async with uow:
        return await uow.applications.overdue(clock.now(), dps_id=dps_id, provider_id=provider_id)


async def get_membership(membership_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Membership:
    async with uow:
        membership = await uow.memberships.get(membership_id)
    require_can_read(actor, membership.provider_id)
    return membership


async def list_memberships(
    uow: RegistryUnitOfWork, actor: Actor, *, dps_id: UUID | None = None,
    lot_id: UUID | None = None, provider_id: UUID | None = None, status: str | None = None,
) -> list[Membership]:
    provider_id = _own_only(actor, provider_id)
    async with uow:
        return await uow.memberships.list(
            dps_id=dps_id, lot_id=lot_id, provider_id=provider_id, status=status
        )


async def audit_trail(dps_id: UUID, uow: RegistryUnitOfWork) -> list[Decision]:
    """Who decided what, when and why, on the DPS, its applications and memberships."""
    async with uow:
        await uow.dps.get(dps_id)
        return await uow.audit.trail(dps_id)


async def get_lot(dps_id: UUID, lot_id: UUID, uow: RegistryUnitOfWork) -> Lot:
    async with uow:
        return (await uow.dps.get(dps_id)).lot(lot_id)


def _cell(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: neutralise free text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


async def audit_trail_csv(dps_id: UUID, uow: RegistryUnitOfWork) -> str:
    """The audit trail as CSV, one decision a row, in the columns of the JSON export."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for decision in await audit_trail(dps_id, uow):
        writer.writerow({k: _cell(v) for k, v in decision.as_row().items()})
    return out.getvalue()
