"""The parts of commands that describe things to create: a DPS, a lot, a rate card ...

Pydantic models, so the API can take them as request bodies as they are. They check shapes
and the bounds of what the store holds (``fields``); the domain checks the rules and names
each broken one (``rate_min_above_max``, ``term_beyond_regime`` ...), so those codes stay
stable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.domain import limits as n
from services.registry.domain.dps import AdmissionMode
from services.registry.domain.lots import CriterionKind
from services.registry.domain.rates import PriceAboveReference, RateUnit
from services.registry.handlers.fields import (
    Band,
    Category,
    Code,
    ContactRole,
    Day,
    DocumentType,
    Element,
    Email,
    Kind,
    LongText,
    Moment,
    Money,
    Months,
    Name,
    Phone,
    Reason,
    Sha256,
    StartDay,
    Weight,
    WorkingDays,
)
from shared.regimes import Regime


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Command(BaseModel):
    """What a use case is asked to do (ids from the path, the caller's choices)."""

    model_config = ConfigDict(frozen=True)


class BuyerSpec(Spec):
    name: Name = Field(examples=["Staffordshire County Council"])
    kind: Kind = Field(default="council", examples=["council", "health"])


class QuestionSpec(Spec):
    code: Code = Field(examples=["SQ1"])
    text: Reason
    pass_answer: bool = Field(
        default=True, description="The yes/no answer that passes (false: 'no' passes)."
    )


class RequiredDocumentSpec(Spec):
    document_type: DocumentType = Field(examples=["public_liability_insurance"])
    description: LongText = ""
    must_not_be_expired: bool = True


class RateSpec(Spec):
    element: Element = Field(examples=["support", "sleep_in", "transport"])
    unit: RateUnit
    min_amount: Money = Field(examples=["13.60"])
    max_amount: Money = Field(examples=["14.75"])
    band: Band | None = Field(default=None, examples=["high_complex"])


class RateCardSpec(Spec):
    effective_from: Day
    effective_to: Day | None = None
    rates: list[RateSpec] = Field(min_length=1, max_length=n.RATES_PER_CARD)


class LotSpec(Spec):
    code: Code = Field(examples=["1a"])
    title: Name
    description: LongText = ""
    closed_lot: bool = Field(
        default=False, description="Admits only in the initial window (light touch only)."
    )
    cqc_registration_required: bool = False
    remote_delivery_allowed: bool = False
    questions: list[QuestionSpec] = Field(default_factory=list, max_length=n.CHILDREN)
    required_documents: list[RequiredDocumentSpec] = Field(
        default_factory=list, max_length=n.CHILDREN
    )
    rate_cards: list[RateCardSpec] = Field(default_factory=list, max_length=n.CHILDREN)


class CriterionSpec(Spec):
    code: Code = Field(examples=["quality"])
    name: Name
    kind: CriterionKind
    min_weight: Weight = Field(examples=["40"], description="Percent.")
    max_weight: Weight = Field(examples=["80"], description="Percent.")


class DpsSpec(Spec):
    """A DPS as drafted by a commissioner; lots and criteria may follow later."""

    name: Name
    buyers: list[BuyerSpec] = Field(
        min_length=1, max_length=n.BUYERS, description="Several: joint commissioning."
    )
    regime: Regime
    service_category: Category = Field(examples=["day_opportunities"])
    starts_on: StartDay
    initial_term_months: int = Field(ge=1, le=n.TERM_MONTHS_MAX)
    extension_months: list[Months] = Field(
        default_factory=list, max_length=n.EXTENSION_OPTIONS, examples=[[12, 12]]
    )
    admission_mode: AdmissionMode = AdmissionMode.CONTINUOUS
    initial_window_ends_at: Moment | None = None
    decision_service_level_working_days: WorkingDays | None = None
    decision_extension_service_level_working_days: WorkingDays | None = None
    participation_fee: Money = Decimal("0")
    suspend_on_missed_redeclaration: bool = True
    suspend_on_expired_document: bool = True
    document_warning_days: int = Field(default=30, ge=0, le=n.WARNING_DAYS_MAX)
    redeclaration_working_days: int = Field(default=5, ge=1, le=60)
    lots: list[LotSpec] = Field(default_factory=list, max_length=n.LOTS)
    criteria: list[CriterionSpec] = Field(default_factory=list, max_length=n.CRITERIA)
    price_above_reference: PriceAboveReference = Field(
        default=PriceAboveReference.NON_COMPLIANT,
        description="A call-off price above the lot's reference maximum: non_compliant, or"
        " flag (kept, marked for the evaluators).",
    )
    abnormally_low_percent: int = Field(
        default=80, ge=0, le=100,
        description="A price below this percent of the reference minimum is flagged as"
        " abnormally low, for clarification.",
    )


class WindowSpec(Spec):
    opens_at: Moment
    closes_at: Moment
    lot_ids: list[UUID] | None = Field(
        default=None, max_length=n.LOTS,
        description="The lots it reopens; omitted: every lot that is not closed.",
    )


class DocumentSpec(Spec):
    document_type: DocumentType = Field(examples=["public_liability_insurance"])
    title: Name
    content_sha256: Sha256 = Field(description="SHA-256 of the file, 64 hex characters.")
    expires_on: Day | None = None


class AnswerSpec(Spec):
    """A yes/no answer to one question of the lot's selection questionnaire."""

    question_id: UUID
    answer: bool


class ContactSpec(Spec):
    name: Name
    email: Email
    phone: Phone = ""
    role: ContactRole = ""


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
