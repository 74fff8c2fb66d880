"""Provider organisations: registration, contacts, areas served, capacity, documents."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from services.registry.api.actors import ProviderOrCommissioner, ProviderUser, Reader
from services.registry.api.deps import ClockDep, Uow, page_body
from services.registry.api.models.providers import (
    AreasUpdate,
    CapacityUpdate,
    ContactCreate,
    ContactRead,
    DocumentCreate,
    ProviderCreate,
    ProviderDocumentRead,
    ProviderRead,
    ProviderUpdate,
)
from services.registry.domain.documents import ProviderDocument
from services.registry.domain.providers import Contact, Provider
from services.registry.handlers import providers as handlers
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["providers"], responses=problem_responses(400, 401, 403))


@router.post(
    "/providers", status_code=201, response_model=ProviderRead,
    responses=problem_responses(409, 422),
)
async def register_provider(
    body: ProviderCreate, actor: ProviderOrCommissioner, uow: Uow, clock: ClockDep,
    response: Response,
) -> Provider:
    """A provider registers its own organisation (``organisation`` = its token's org), or a
    commissioner onboards one. Contacts and areas are the provider's own to give."""
    provider = await handlers.register_provider(
        handlers.RegisterProvider(**body.model_dump()), uow, clock, actor
    )
    response.headers["Location"] = f"/providers/{provider.id}"
    return provider


@router.get(
    "/providers", response_model=PageRead[ProviderRead], responses=problem_responses(422)
)
async def list_providers(actor: Reader, uow: Uow, page: PageParams) -> dict[str, object]:
    """Every provider by name (council); a provider sees only itself."""
    return page_body(await queries.list_providers(uow, actor, page))


@router.get(
    "/providers/{provider_id}", response_model=ProviderRead,
    responses=problem_responses(404, 422),
)
async def get_provider(provider_id: UUID, actor: Reader, uow: Uow) -> Provider:
    return await queries.get_provider(provider_id, uow, actor)


@router.patch(
    "/providers/{provider_id}", response_model=ProviderRead,
    responses=problem_responses(404, 409, 422),
)
async def correct_details(
    provider_id: UUID, body: ProviderUpdate, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> Provider:
    """Correct the organisation's name, Companies House number or CQC provider id, saying
    why (``ProviderDetailsChanged``). A provider corrects only its own organisation."""
    return await handlers.correct_details(
        handlers.CorrectDetails(provider_id=provider_id, **body.model_dump()), uow, clock, actor
    )


@router.put(
    "/providers/{provider_id}/areas", response_model=ProviderRead,
    responses=problem_responses(404, 422),
)
async def set_areas(
    provider_id: UUID, body: AreasUpdate, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> Provider:
    """Replace the postcode districts served (``ProviderAreasChanged``)."""
    return await handlers.set_areas(
        handlers.SetAreas(provider_id=provider_id, areas_served=body.areas_served),
        uow, clock, actor,
    )


@router.put(
    "/providers/{provider_id}/capacity", response_model=ProviderRead,
    responses=problem_responses(404, 422),
)
async def set_capacity(
    provider_id: UUID, body: CapacityUpdate, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> Provider:
    """New packages the provider can take in one lot (``ProviderCapacityChanged``)."""
    return await handlers.set_capacity(
        handlers.SetCapacity(provider_id=provider_id, **body.model_dump()), uow, clock, actor
    )


@router.post(
    "/providers/{provider_id}/documents", status_code=201, response_model=ProviderDocumentRead,
    responses=problem_responses(404, 422),
)
async def declare_document(
    provider_id: UUID, body: DocumentCreate, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> ProviderDocument:
    """Declare or renew a document: metadata, expiry date, SHA-256 of the file."""
    _, document = await handlers.declare_document(
        handlers.DeclareDocument(provider_id=provider_id, document=body), uow, clock, actor
    )
    return document


@router.post(
    "/providers/{provider_id}/contacts", status_code=201, response_model=ContactRead,
    responses=problem_responses(404, 422),
)
async def add_contact(
    provider_id: UUID, body: ContactCreate, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> Contact:
    """A contact person (kept in the registry: contacts never travel in events)."""
    _, contact = await handlers.add_contact(
        handlers.AddContact(provider_id=provider_id, contact=body), uow, clock, actor
    )
    return contact


@router.put(
    "/providers/{provider_id}/contacts/{contact_id}", response_model=ContactRead,
    responses=problem_responses(404, 409, 422),
)
async def change_contact(
    provider_id: UUID, contact_id: UUID, body: ContactCreate, actor: ProviderUser, uow: Uow,
    clock: ClockDep,
) -> Contact:
    """Correct a contact person (its details stay in the registry)."""
    _, contact = await handlers.change_contact(
        handlers.ChangeContact(provider_id=provider_id, contact_id=contact_id, contact=body),
        uow, clock, actor,
    )
    return contact


@router.delete(
    "/providers/{provider_id}/contacts/{contact_id}", status_code=204,
    responses=problem_responses(404, 409, 422),
)
async def remove_contact(
    provider_id: UUID, contact_id: UUID, actor: ProviderUser, uow: Uow, clock: ClockDep
) -> Response:
    """Remove a contact person."""
    await handlers.remove_contact(
        handlers.RemoveContact(provider_id=provider_id, contact_id=contact_id), uow, clock, actor
    )
    return Response(status_code=204)
