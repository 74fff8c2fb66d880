"""A requirement as the council side sees it (never the person's identity), the identity on
its restricted route, and the log of accesses to it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from services.calloff.api.models.base import Read
from services.calloff.domain.people import AgeBand, PersonDetails
from services.calloff.domain.requirements import (
    FundingRoute,
    Requirement,
    RequirementStatus,
    Unit,
)


class VolumeRead(Read):
    element: str
    unit: Unit
    band: str | None
    quantity_per_week: Decimal


class RequirementRead(Read):
    """What may be advertised of one person's need. ``missing`` lists what is still to be
    given (``person``: the identity) before a call-off can go out with it."""

    id: UUID
    reference: str
    status: RequirementStatus
    missing: list[str]
    dps_id: UUID
    lot_id: UUID
    age_band: AgeBand | None
    postcode_district: str | None
    need_band: str | None
    needs_summary: str | None
    volumes: list[VolumeRead]
    pattern: str
    start_on: date | None
    initial_term_months: int | None
    extension_months: list[int]
    funding_route: FundingRoute | None
    placement_id: UUID | None
    incumbent_name: str | None
    current_end_on: date | None
    person_recorded: bool
    raised_by: str
    raised_at: datetime
    changed_at: datetime

    @classmethod
    def of(cls, requirement: Requirement) -> RequirementRead:
        return cls.model_validate(requirement)


class PersonRead(BaseModel):
    """The person's identity: restricted. Every read is logged."""

    given_name: str
    family_name: str
    date_of_birth: date
    address_lines: list[str]
    postcode: str
    nhs_number: str

    @classmethod
    def of(cls, person: PersonDetails) -> PersonRead:
        return cls(**{**person.as_dict(), "address_lines": list(person.address_lines)})


class PersonAccessRead(Read):
    at: datetime
    action: str
    granted: bool
    actor_id: str
    actor_role: str
    organisation: str
    provider_id: UUID | None
