"""Contracts as read; extensions, variations, terminations and KPI records asked for."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from services.contracts.api.models.base import (
    Body,
    Day,
    Decimal2,
    FundingShareRead,
    LongText,
    Measure,
    RateIn,
    RateRead,
    Read,
    Reason,
    ReferenceRateRead,
    VolumeIn,
    VolumeRead,
    text,
)
from services.contracts.domain import limits as n
from services.contracts.domain.contracts.contract import Contract, ContractOrigin, ContractStatus
from services.contracts.domain.contracts.kpis import Rating


class ExtensionBody(Body):
    options: int = Field(default=1, ge=1, le=n.EXTENSION_OPTIONS,
                         description="How many of the next options to take together.")
    reason: Reason


class VariationBody(Body):
    effective_on: Day
    reason: Reason
    rates: list[RateIn] | None = Field(
        default=None, max_length=n.LINES, description="Every rate as it will be; omit: unchanged."
    )
    volumes: list[VolumeIn] | None = Field(
        default=None, max_length=n.LINES,
        description="Every volume (hours, nights, days a week) as it will be; omit: unchanged.",
    )


class TerminateBody(Body):
    effective_on: Day
    reason: Reason


class KpiCreate(Body):
    metric: text(n.METRIC, min_length=1)  # type: ignore[valid-type]
    unit: text(n.UNIT) = ""  # type: ignore[valid-type]
    target: Measure
    actual: Measure
    period_start: Day
    period_end: Day
    rating: Rating
    note: LongText = ""


class KpiRead(Read):
    id: UUID
    contract_id: UUID
    metric: str
    unit: str
    target: Decimal
    actual: Decimal
    period_start: date
    period_end: date
    rating: Rating
    note: str
    recorded_at: datetime
    recorded_by: str


class ExtensionRead(Read):
    option_sequence: int
    months: int
    ends_on: date
    reason: str
    taken_at: datetime
    taken_by: str


class VariationRead(Read):
    id: UUID
    effective_on: date
    reason: str
    rates: list[RateRead]
    volumes: list[VolumeRead]
    annual_value: Decimal2
    whole_life_value: Decimal2
    varied_at: datetime
    varied_by: str


class ContractRead(Read):
    id: UUID
    origin: ContractOrigin
    status: ContractStatus
    award_id: UUID | None
    placement_id: UUID | None
    call_off_id: UUID | None
    call_off_reference: str = Field(description="The call-off's (or placement's) reference.")
    requirement_id: UUID | None
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str
    regime: str
    buyer_organisation: str
    funding_route: str
    funding_shares: list[FundingShareRead]
    start_on: date
    initial_term_months: int
    extension_months: list[int]
    options_taken: int
    options_left: list[int]
    initial_end_on: date
    current_end_on: date
    latest_end_on: date
    rates: list[RateRead]
    volumes: list[VolumeRead]
    reference_rates: list[ReferenceRateRead]
    annual_value: Decimal2
    whole_life_value: Decimal2
    awarded_at: datetime
    started_on: date | None
    ended_on: date | None
    terminated_on: date | None
    termination_reason: str
    extensions: list[ExtensionRead]
    variations: list[VariationRead]

    @classmethod
    def of(cls, contract: Contract) -> ContractRead:
        return cls.model_validate(contract)
