"""Providers: their own view and the council's (contacts and documents included)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from services.registry.api.models.base import Body, Read
from services.registry.domain import limits as n
from services.registry.handlers.fields import (
    Capacity,
    CompaniesHouseNumber,
    CqcProviderId,
    Name,
    Organisation,
    PostcodeDistrictCode,
    Reason,
)
from services.registry.handlers.specs import ContactSpec, DocumentSpec


class ContactCreate(ContactSpec):
    pass


class DocumentCreate(DocumentSpec):
    pass


class ProviderCreate(Body):
    organisation: Organisation = Field(
        examples=["bright-futures-care"],
        description="The organisation id its users' tokens carry (org claim); a provider"
        " registers its own.",
    )
    name: Name = Field(examples=["Bright Futures Care Ltd"])
    companies_house_number: CompaniesHouseNumber = Field(examples=["01234567"])
    cqc_provider_id: CqcProviderId | None = Field(default=None, examples=["1-101641548"])
    contacts: list[ContactCreate] = Field(default_factory=list, max_length=n.CHILDREN)
    areas_served: list[PostcodeDistrictCode] = Field(
        default_factory=list, max_length=n.AREAS, examples=[["ST16", "ST17"]]
    )


class ProviderUpdate(Body):
    """A correction of the organisation's details; only the fields given change."""

    why: Reason = Field(description="Why the details change (recorded).")
    name: Name | None = None
    companies_house_number: CompaniesHouseNumber | None = None
    cqc_provider_id: CqcProviderId | None = Field(default=None, examples=["1-101641548"])
    remove_cqc_provider_id: bool = Field(
        default=False, description="The organisation is no longer CQC-registered."
    )


class AreasUpdate(Body):
    areas_served: list[PostcodeDistrictCode] = Field(
        max_length=n.AREAS,
        description="Postcode districts (outward codes) such as ST16 or SW1A; replaces all.",
        examples=[["ST16", "ST17", "WS11"]],
    )


class CapacityUpdate(Body):
    dps_id: UUID
    lot_id: UUID
    capacity: Capacity = Field(description="New packages it can take on in this lot.")


class ContactRead(Read):
    id: UUID
    name: str
    email: str
    phone: str
    role: str


class CapacityRead(Read):
    dps_id: UUID
    lot_id: UUID
    capacity: int


class ProviderDocumentRead(Read):
    id: UUID
    document_type: str
    title: str
    content_sha256: str
    declared_at: datetime
    expires_on: date | None
    warned_on: date | None


class ProviderRead(Read):
    id: UUID
    organisation: str
    name: str
    companies_house_number: str
    cqc_provider_id: str | None
    areas_served: list[str]
    contacts: list[ContactRead]
    capacities: list[CapacityRead]
    documents: list[ProviderDocumentRead]
