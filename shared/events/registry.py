"""Integration events published by the registry service (``dps.registry.*``)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.base import Event


class LotSummary(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    lot_id: UUID
    code: str
    title: str
    admission_open: bool = True


class DpsOpened(Event):
    """A DPS is open: providers may apply to its lots and call-offs may be run under it."""

    subject_name = "dps.registry.dps_opened.v1"

    dps_id: UUID
    name: str
    regime: str
    service_category: str
    buyer_organisations: list[str] = Field(min_length=1)
    starts_on: date
    initial_term_ends_on: date
    latest_end_on: date
    lots: list[LotSummary] = Field(default_factory=list)
