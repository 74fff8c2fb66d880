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
from services.registry.domain import limits as n
from services.registry.domain.actors import Actor
from services.registry.domain.documents import ProviderDocument
from services.registry.domain.providers import Contact, Provider
from services.registry.handlers.fields import (
    Capacity,
    CompaniesHouseNumber,
    CqcProviderId,
    Name,
    Organisation,
    PostcodeDistrictCode,
    Reason,
)
from services.registry.handlers.specs import Command, ContactSpec, DocumentSpec
from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock
from shared.identity import provider_id_for

T = TypeVar("T")


class RegisterProvider(Command):
    organisation: Organisation = Field(
        description="The organisation id its users' tokens carry (the org claim).",
    )
    name: Name
    companies_house_number: CompaniesHouseNumber
    cqc_provider_id: CqcProviderId | None = None
    contacts: list[ContactSpec] = Field(default_factory=list, max_length=n.CHILDREN)
    areas_served: list[PostcodeDistrictCode] = Field(default_factory=list, max_length=n.AREAS)


class CorrectDetails(Command):
    provider_id: UUID
    why: Reason
    name: Name | None = None
    companies_house_number: CompaniesHouseNumber | None = None
    cqc_provider_id: CqcProviderId | None = None
    remove_cqc_provider_id: bool = False


class AddContact(Command):
    provider_id: UUID
    contact: ContactSpec


class ChangeContact(Command):
    provider_id: UUID
    contact_id: UUID
    contact: ContactSpec


class RemoveContact(Command):
    provider_id: UUID
    contact_id: UUID


class SetAreas(Command):
    provider_id: UUID
    areas_served: list[PostcodeDistrictCode] = Field(max_length=n.AREAS)


class SetCapacity(Command):
    provider_id: UUID
    dps_id: UUID
    lot_id: UUID
    capacity: Capacity


class DeclareDocument(Command):
    provider_id: UUID
    document: DocumentSpec


async def register_provider(
    cmd: RegisterProvider, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    """A provider registers its own organisation, or a commissioner onboards one by name.

    Contacts and areas are the provider's own to declare, so only its users give them here.
    """
    now, organisation = clock.now(), cmd.organisation.strip()
    # Built (and the actor checked) before the store is asked whether it exists.
    provider = Provider.register(
        now=now, by=actor, id=provider_id_for(organisation), organisation=organisation,
        name=cmd.name, companies_house_number=cmd.companies_house_number,
        cqc_provider_id=cmd.cqc_provider_id,
    )
    for c in cmd.contacts:
        provider.add_contact(c.name, c.email, now, actor, phone=c.phone, role=c.role)
    if cmd.areas_served:
        provider.set_areas(list(cmd.areas_served), now, actor)
    async with uow:
        if await uow.providers.find(provider.id) is not None:
            raise e.ProviderAlreadyRegistered(
                f"The organisation {organisation!r} is already registered.",
                provider_id=str(provider.id),
            )
        uow.providers.add(provider)
        await uow.commit()
    return provider


async def _change_provider(
    uow: RegistryUnitOfWork, provider_id: UUID, actor: Actor, change: Callable[[Provider], T]
) -> tuple[Provider, T]:
    async with uow:
        provider = await uow.providers.get_visible(provider_id, actor, lock=True)
        result = change(provider)
        await uow.commit()
    return provider, result


async def correct_details(
    cmd: CorrectDetails, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    """The provider corrects its name, Companies House number or CQC provider id, with a
    reason; other services learn it from ``ProviderDetailsChanged``."""
    now = clock.now()
    provider, _ = await _change_provider(
        uow, cmd.provider_id, actor,
        lambda p: p.correct_details(
            now, actor, why=cmd.why, name=cmd.name,
            companies_house_number=cmd.companies_house_number,
            cqc_provider_id=cmd.cqc_provider_id,
            remove_cqc_provider_id=cmd.remove_cqc_provider_id,
        ),
    )
    return provider


async def add_contact(
    cmd: AddContact, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Provider, Contact]:
    now, c = clock.now(), cmd.contact
    return await _change_provider(
        uow, cmd.provider_id, actor,
        lambda p: p.add_contact(c.name, c.email, now, actor, phone=c.phone, role=c.role),
    )


async def change_contact(
    cmd: ChangeContact, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Provider, Contact]:
    now, c = clock.now(), cmd.contact
    return await _change_provider(
        uow, cmd.provider_id, actor,
        lambda p: p.change_contact(
            cmd.contact_id, now, actor, name=c.name, email=c.email, phone=c.phone, role=c.role
        ),
    )


async def remove_contact(
    cmd: RemoveContact, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    now = clock.now()
    provider, _ = await _change_provider(
        uow, cmd.provider_id, actor, lambda p: p.remove_contact(cmd.contact_id, now, actor)
    )
    return provider


async def set_areas(cmd: SetAreas, uow: RegistryUnitOfWork, clock: Clock, actor: Actor) -> Provider:
    """Replace the postcode districts served; one invalid district changes nothing."""
    now = clock.now()
    provider, _ = await _change_provider(
        uow, cmd.provider_id, actor, lambda p: p.set_areas(list(cmd.areas_served), now, actor)
    )
    return provider


async def set_capacity(
    cmd: SetCapacity, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> Provider:
    """How many new packages the provider can take in one lot of a DPS."""
    now = clock.now()
    async with uow:
        provider = await uow.providers.get_visible(cmd.provider_id, actor, lock=True)
        dps = await uow.dps.get(cmd.dps_id)
        dps.require_visible_to(actor)
        dps.lot(cmd.lot_id)  # an unknown lot is refused before anything changes
        provider.set_capacity(cmd.dps_id, cmd.lot_id, cmd.capacity, now, actor)
        await uow.commit()
    return provider


async def declare_document(
    cmd: DeclareDocument, uow: RegistryUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Provider, ProviderDocument]:
    """Declare or renew a document (metadata, expiry, content hash); the newest one counts."""
    now, d = clock.now(), cmd.document
    return await _change_provider(
        uow, cmd.provider_id, actor,
        lambda p: p.declare_document(
            d.document_type, d.title, d.content_sha256, now, actor, expires_on=d.expires_on
        ),
    )
