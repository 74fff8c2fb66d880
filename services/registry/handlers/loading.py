"""Load an aggregate or say plainly that it does not exist."""

from __future__ import annotations

from uuid import UUID

from services.registry.domain.applications import Application
from services.registry.domain.dps import Dps
from services.registry.domain.memberships import Membership
from services.registry.domain.providers import Provider
from services.registry.handlers import errors as h
from services.registry.store import RegistryUnitOfWork


async def load_dps(uow: RegistryUnitOfWork, dps_id: UUID, *, lock: bool = False) -> Dps:
    found = await uow.dps.get(dps_id, lock=lock)
    if found is None:
        raise h.DpsNotFound(f"There is no DPS {dps_id}.", dps_id=str(dps_id))
    return found


async def load_provider(
    uow: RegistryUnitOfWork, provider_id: UUID, *, lock: bool = False
) -> Provider:
    found = await uow.providers.get(provider_id, lock=lock)
    if found is None:
        raise h.ProviderNotFound(
            f"There is no provider {provider_id}: register the organisation first"
            " (POST /providers).",
            provider_id=str(provider_id),
        )
    return found


async def load_application(
    uow: RegistryUnitOfWork, application_id: UUID, *, lock: bool = False
) -> Application:
    found = await uow.applications.get(application_id, lock=lock)
    if found is None:
        raise h.ApplicationNotFound(
            f"There is no application {application_id}.", application_id=str(application_id)
        )
    return found


async def load_membership(
    uow: RegistryUnitOfWork, membership_id: UUID, *, lock: bool = False
) -> Membership:
    found = await uow.memberships.get(membership_id, lock=lock)
    if found is None:
        raise h.MembershipNotFound(
            f"There is no membership {membership_id}.", membership_id=str(membership_id)
        )
    return found
