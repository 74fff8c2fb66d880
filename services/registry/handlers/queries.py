"""Reads, a page at a time. Commissioners and auditors read everything; a provider reads only
its own applications, memberships and organisation, and no draft DPS (another provider's
record, or a draft, is reported exactly as a missing one); the public reads open DPSs."""

from __future__ import annotations

from uuid import UUID

from services.registry.domain.actors import Actor
from services.registry.domain.applications import Application
from services.registry.domain.audit import Decision, audit_csv
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.errors import DpsNotFound
from services.registry.domain.lots import Lot
from services.registry.domain.memberships import Membership
from services.registry.domain.providers import Provider
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock
from shared.paging import Page, PageRequest

#: What a provider's filter on another provider's records finds: nothing of them.
NOTHING: Page = Page([], None)  # type: ignore[type-arg]


def _own(actor: Actor, provider_id: UUID | None) -> tuple[bool, UUID | None]:
    """The provider filter a caller may use: (whether it may see anything, the filter)."""
    if not actor.is_provider:
        return True, provider_id
    return actor.may_see(provider_id) or provider_id is None, actor.provider_id


async def get_dps(dps_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Dps:
    async with uow:
        dps = await uow.dps.load_for_reading(dps_id)
    dps.require_visible_to(actor)
    return dps


async def list_dps(
    uow: RegistryUnitOfWork, page: PageRequest, status: DpsStatus | None = None
) -> Page[Dps]:
    async with uow:
        return await uow.dps.page(page, status=status)


async def public_dps(dps_id: UUID, uow: RegistryUnitOfWork) -> Dps:
    """An open DPS as anyone may see it; a draft, closed or expired one is not public."""
    async with uow:
        dps = await uow.dps.find(dps_id)
    if dps is None or dps.status is not DpsStatus.OPEN:
        raise DpsNotFound(f"There is no open DPS {dps_id}.", dps_id=str(dps_id))
    return dps


async def list_public_dps(uow: RegistryUnitOfWork, page: PageRequest) -> Page[Dps]:
    async with uow:
        return await uow.dps.page(page, status=DpsStatus.OPEN)


async def get_lot(dps_id: UUID, lot_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Lot:
    dps = await get_dps(dps_id, uow, actor)
    return dps.lot(lot_id)


async def get_provider(provider_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Provider:
    async with uow:
        return await uow.providers.get_visible(provider_id, actor)


async def list_providers(
    uow: RegistryUnitOfWork, actor: Actor, page: PageRequest
) -> Page[Provider]:
    async with uow:
        return await uow.providers.page(page, id=actor.provider_id if actor.is_provider else None)


async def get_application(
    application_id: UUID, uow: RegistryUnitOfWork, actor: Actor
) -> Application:
    async with uow:
        return await uow.applications.get_visible(application_id, actor)


async def list_applications(
    uow: RegistryUnitOfWork, actor: Actor, page: PageRequest, *, dps_id: UUID | None = None,
    provider_id: UUID | None = None, status: str | None = None,
) -> Page[Application]:
    visible, provider_id = _own(actor, provider_id)
    if not visible:
        return NOTHING
    async with uow:
        return await uow.applications.page(
            page, dps_id=dps_id, provider_id=provider_id, status=status
        )


async def overdue_applications(
    uow: RegistryUnitOfWork, clock: Clock, page: PageRequest, *, dps_id: UUID | None = None
) -> Page[Application]:
    """Live applications past their decision date, the most overdue first (the council's)."""
    async with uow:
        return await uow.applications.overdue(clock.now(), page, dps_id=dps_id)


async def get_membership(membership_id: UUID, uow: RegistryUnitOfWork, actor: Actor) -> Membership:
    async with uow:
        return await uow.memberships.get_visible(membership_id, actor)


async def list_memberships(
    uow: RegistryUnitOfWork, actor: Actor, page: PageRequest, *, dps_id: UUID | None = None,
    lot_id: UUID | None = None, provider_id: UUID | None = None, status: str | None = None,
) -> Page[Membership]:
    visible, provider_id = _own(actor, provider_id)
    if not visible:
        return NOTHING
    async with uow:
        return await uow.memberships.page(
            page, dps_id=dps_id, lot_id=lot_id, provider_id=provider_id, status=status
        )


async def audit_trail(dps_id: UUID, uow: RegistryUnitOfWork, page: PageRequest) -> Page[Decision]:
    """Who decided what, when and why, on the DPS, its applications and memberships."""
    async with uow:
        await uow.dps.get(dps_id)
        return await uow.audit.page(dps_id, page)


async def audit_trail_csv(dps_id: UUID, uow: RegistryUnitOfWork) -> str:
    """The whole audit trail as CSV (``domain.audit.audit_csv``)."""
    async with uow:
        await uow.dps.get(dps_id)
        return audit_csv(await uow.audit.trail(dps_id))
