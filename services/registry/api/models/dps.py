"""A DPS as the council and its auditors see it, with everything set up inside it."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import AwareDatetime, Field

from services.registry.api.models.base import Body, Decimal2, Read
from services.registry.domain.dps import AdmissionMode, DpsStatus
from services.registry.domain.lots import CriterionKind, WindowStatus
from services.registry.domain.rates import PriceAboveReference, RateUnit
from services.registry.handlers.fields import LongText, Reason
from services.registry.handlers.specs import (
    CriterionSpec,
    DpsSpec,
    LotSpec,
    QuestionSpec,
    RateCardSpec,
    RequiredDocumentSpec,
    WindowSpec,
)
from shared.regimes import Regime


class DpsCreate(DpsSpec):
    """A draft DPS; lots, criteria and rate cards may be given now or added later."""


class LotCreate(LotSpec):
    pass


class QuestionCreate(QuestionSpec):
    pass


class RequiredDocumentCreate(RequiredDocumentSpec):
    pass


class CriterionCreate(CriterionSpec):
    pass


class RateCardCreate(RateCardSpec):
    pass


class WindowCreate(WindowSpec):
    pass


class ReasonBody(Body):
    reason: Reason = Field(description="Recorded in the audit trail.")


class OptionalReasonBody(Body):
    reason: LongText = ""


class BuyerRead(Read):
    name: str
    kind: str


class ExtensionOptionRead(Read):
    sequence: int
    months: int
    exercised: bool


class QuestionRead(Read):
    id: UUID
    code: str
    text: str
    pass_answer: bool


class RequiredDocumentRead(Read):
    id: UUID
    document_type: str
    description: str
    must_not_be_expired: bool


class LotRead(Read):
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


class CriterionRead(Read):
    id: UUID
    code: str
    name: str
    kind: CriterionKind
    min_weight: Decimal2
    max_weight: Decimal2


class RateRead(Read):
    id: UUID
    element: str
    unit: RateUnit
    band: str | None
    min_amount: Decimal2
    max_amount: Decimal2
    currency: str


class RateCardRead(Read):
    id: UUID
    lot_id: UUID
    effective_from: date
    effective_to: date | None
    rates: list[RateRead]


class WindowLotRead(Read):
    lot_id: UUID


class WindowRead(Read):
    id: UUID
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    status: WindowStatus
    lots: list[WindowLotRead]


class DpsRead(Read):
    id: UUID
    name: str
    status: DpsStatus
    regime: Regime
    rules_effective_from: date = Field(
        description="The regime's rule set this DPS keeps: the one in force from this date."
    )
    service_category: str
    buyers: list[BuyerRead]
    starts_on: date
    initial_term_months: int
    initial_term_ends_on: date
    current_end_on: date
    max_end_on: date
    extension_options: list[ExtensionOptionRead]
    admission_mode: AdmissionMode
    initial_window_ends_at: AwareDatetime | None
    decision_working_days: int
    decision_extension_working_days: int | None
    participation_fee: Decimal2
    suspend_on_missed_redeclaration: bool
    suspend_on_expired_document: bool
    document_warning_days: int
    redeclaration_working_days: int
    price_above_reference: PriceAboveReference
    abnormally_low_percent: int
    opened_at: datetime | None
    ended_at: datetime | None
    end_reason: str
    lots: list[LotRead]
    criteria: list[CriterionRead]
    rate_cards: list[RateCardRead]
    windows: list[WindowRead]


class DpsSummaryRead(Read):
    id: UUID
    name: str
    status: DpsStatus
    regime: Regime
    service_category: str
    starts_on: date
    current_end_on: date
