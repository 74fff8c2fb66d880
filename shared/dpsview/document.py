"""The answer about a known DPS, as ``GET /dps`` and ``GET /dps/{dps_id}`` give it: the
response models, and the stored document the repository keeps rendered for each DPS (one
keyed read answers ``GET /dps/{dps_id}``). Pure: pydantic only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from shared.dpsview.model import KnownDps, KnownDpsStatus


class KnownLotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    lot_id: UUID
    code: str
    title: str
    admission_open: bool
    closed_lot: bool
    cqc_registration_required: bool
    remote_delivery_allowed: bool


class OpenWindowRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    window_id: UUID
    lot_ids: list[UUID]
    opens_at: datetime
    closes_at: datetime


class KnownCriterionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    kind: str
    min_weight: Decimal
    max_weight: Decimal


class KnownRateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    element: str
    unit: str
    band: str | None
    min_amount: Decimal
    max_amount: Decimal


class KnownRateCardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rate_card_id: UUID
    lot_id: UUID
    effective_from: date
    effective_to: date | None
    rates: list[KnownRateRead]


class PriceComplianceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    price_above_reference: str
    abnormally_low_percent: int


class KnownDpsRead(BaseModel):
    """A DPS as this service knows it, from the registry's events."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    regime: str
    service_category: str
    buyer_organisations: list[str]
    status: KnownDpsStatus
    starts_on: date
    initial_term_ends_on: date
    current_end_on: date
    latest_end_on: date
    opened_at: datetime
    ended_at: datetime | None
    end_reason: str
    lots: list[KnownLotRead]
    open_windows: list[OpenWindowRead]
    criteria: list[KnownCriterionRead]
    price_compliance: PriceComplianceRead
    rate_cards: list[KnownRateCardRead]


def render(dps: KnownDps) -> str:
    """The JSON of ``dps``'s answer, as the read routes give it."""
    return KnownDpsRead.model_validate(dps).model_dump_json()
