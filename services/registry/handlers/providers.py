"""Use cases of a provider organisation: register, contacts, areas, capacity, documents.

A provider is known by its organisation (the token's ``org`` claim); its id is derived
from it (``identity.provider_id_for``), and only its own users change its records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from pydantic import Field

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor, Role
from services.registry.domain.documents import ProviderDocument
from services.registry.domain.providers import Contact, Provider
from services.registry.handlers import errors as h
from services.registry.handlers.specs import Command, ContactSpec, DocumentSpec
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock
from shared.identity import provider_id_for

T = TypeVar("T")


class RegisterProvider(Command):
    organisation: str = Field(
        min_length=1, max_length=200,
        description="The organisation id its users' tokens carry (the org claim).",
    )
    name: str
    companies_house_number: str
    cqc_provider_id: str | None = None
    contacts: list[ContactSpec] = Field(default_factory=list)
    areas_served: list[str] = Field(default_factory=list)


class AddContact(Command):
    provider_id: UUID
    contact: ContactSpec


class SetAreas(Command):
    provider_id: UUID
    areas_served: list[str]


class SetCapacity(Command):
    provider_id: UUID
    dps_id: UUID
    lot_id: UUID
    capacity: int


class DeclareDocument(Command):
    provider_id: UUID
    document: DocumentSpec


async def register_provider(
    cmd: RegisterProvider, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    """A provider registers its own organisation, or a commissioner onboards one by name.

    Contacts and areas are the provider's own to declare, so only its users give them here.
    """
    now, provider_id = clock.now(), provider_id_for(cmd.organisation)
    if actor.role is Role.PROVIDER and actor.provider_id != provider_id:
        raise e.NotYourOrganisation(
            "You can register only your own organisation (the org of your token).",
            organisation=cmd.organisation,
        )
    async with uow:
        if await uow.providers.find(provider_id) is not None:
            raise h.ProviderAlreadyRegistered(
                f"The organisation {cmd.organisation!r} is already registered.",
                provider_id=str(provider_id),
            )
        provider = Provider.register(
            now=now, by=actor, id=provider_id, name=cmd.name,
            companies_house_number=cmd.companies_house_number,
            cqc_provider_id=cmd.cqc_provider_id,
        )
        provider.organisation = cmd.organisation.strip()  # type: ignore[attr-defined]
        for c in cmd.contacts:
            provider.add_contact(c.name, c.email, now, actor, phone=c.phone, role=c.role)
        if cmd.areas_served:
            provider.set_areas(list(cmd.areas_served), now, actor)
        uow.providers.add(provider)
        await uow.commit()
    return provider


async def _change_provider(
    uow: RegistryUnitOfWork, provider_id: UUID, change: Callable[[Provider], T]
) -> tuple[Provider, T]:
    async with uow:
        provider = await uow.providers.get(provider_id, lock=True)
        result = change(provider)
        await uow.commit()
    return provider, result


async def add_contact(
    cmd: AddContact, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Provider, Contact]:
    now, c = clock.now(), cmd.contact
    return await _change_provider(
        uow, cmd.provider_id,
        lambda p: p.add_contact(c.name, c.email, now, actor, phone=c.phone, role=c.role),
    )


async def set_areas(cmd: SetAreas, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Provider:
    """Replace the postcode districts served; one invalid district changes nothing."""
    now = clock.now()
    provider, _ = await _change_provider(
        uow, cmd.provider_id, lambda p: p.set_areas(list(cmd.areas_served), now, actor)
    )
    return provider


async def set_capacity(
    cmd: SetCapacity, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    """How many new packages the provider can take in one lot of a DPS."""
    now = clock.now()
    async with uow:
        dps = await uow.dps.get(cmd.dps_id)
        dps.lot(cmd.lot_id)  # an unknown lot is refused before anything changes
        provider = await uow.providers.get(cmd.provider_id, lock=True)
        provider.set_capacity(cmd.dps_id, cmd.lot_id, cmd.capacity, now, actor)
        await uow.commit()
    return provider


async def declare_document(
    cmd: DeclareDocument, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Provider, ProviderDocument]:
    """Declare or renew a document (metadata, expiry, content hash); the newest one counts."""
    now, d = clock.now(), cmd.document
    return await _change_provider(
        uow, cmd.provider_id,
        lambda p: p.declare_document(
            d.document_type, d.title, d.content_sha256, now, actor, expires_on=d.expires_on
        ),
    )
