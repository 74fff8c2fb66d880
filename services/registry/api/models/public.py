"""The public view of an open DPS: what a prospective provider needs to apply, and nothing
about any provider (no members, applications, contacts, documents or audit trail)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.registry.api.models.base import Read
from services.registry.api.models.dps import (
    BuyerRead,
    CriterionRead,
    QuestionRead,
    RateCardRead,
    RequiredDocumentRead,
    WindowRead,
)
from services.registry.domain.dps import AdmissionMode, DpsStatus
from shared.regimes import Regime


class PublicLotRead(Read):
    id: UUID
    code: str
    title: str
    description: str
    closed_lot: bool
    cqc_registration_required: bool
    remote_delivery_allowed: bool
    accepting_applications: bool
    questions: list[QuestionRead]
    required_documents: list[RequiredDocumentRead]


class PublicDpsRead(Read):
    id: UUID
    name: str
    status: DpsStatus
    regime: Regime
    service_category: str
    buyers: list[BuyerRead]
    starts_on: date
    current_end_on: date
    max_end_on: date
    admission_mode: AdmissionMode
    decision_working_days: int
    lots: list[PublicLotRead]
    criteria: list[CriterionRead]
    rate_cards: list[RateCardRead]
    windows: list[WindowRead]
