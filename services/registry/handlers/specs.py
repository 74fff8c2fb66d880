"""The parts of commands that describe things to create: a DPS, a lot, a rate card ...

Pydantic models, so the API can take them as request bodies as they are. They check only
shapes (types, required fields); the domain checks the rules and names each broken one
(``rate_min_above_max``, ``term_beyond_regime`` ...), so those codes stay stable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from services.registry.domain.lots import CriterionKind
from services.registry.domain.rates import RateUnit
from services.registry.domain.regimes import Regime
from services.registry.domain.windows import AdmissionMode


def _no_float(value: Any) -> Any:
    # 13.6 as a binary float is not 13.60: amounts travel as strings ("13.60").
    if isinstance(value, float):
        raise ValueError('give amounts as strings, e.g. "13.60", never as JSON numbers')
    return value


#: A GBP amount or a weight, given as a string ("13.60"); returned as a string too.
Amount = Annotated[Decimal, BeforeValidator(_no_float)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Command(BaseModel):
    """What a use case is asked to do (ids from the path, the caller's choices)."""

    model_config = ConfigDict(frozen=True)


class BuyerSpec(Spec):
    name: str = Field(min_length=1, examples=["Staffordshire County Council"])
    kind: str = Field(default="council", examples=["council", "health"])


class QuestionSpec(Spec):
    code: str = Field(min_length=1, max_length=40, examples=["SQ1"])
    text: str = Field(min_length=1)
    pass_answer: bool = Field(
        default=True, description="The yes/no answer that passes (false: 'no' passes)."
    )


class RequiredDocumentSpec(Spec):
    document_type: str = Field(min_length=1, examples=["public_liability_insurance"])
    description: str = ""
    must_not_be_expired: bool = True


class RateSpec(Spec):
    element: str = Field(examples=["support", "sleep_in", "transport"])
    unit: RateUnit
    min_amount: Amount = Field(examples=["13.60"])
    max_amount: Amount = Field(examples=["14.75"])
    band: str | None = Field(default=None, examples=["high_complex"])


class RateCardSpec(Spec):
    effective_from: date
    effective_to: date | None = None
    rates: list[RateSpec] = Field(min_length=1)


class LotSpec(Spec):
    code: str = Field(min_length=1, max_length=40, examples=["1a"])
    title: str = Field(min_length=1)
    description: str = ""
    closed_lot: bool = Field(
        default=False, description="Admits only in the initial window (light touch only)."
    )
    cqc_registration_required: bool = False
    remote_delivery_allowed: bool = False
    questions: list[QuestionSpec] = Field(default_factory=list)
    required_documents: list[RequiredDocumentSpec] = Field(default_factory=list)
    rate_cards: list[RateCardSpec] = Field(default_factory=list)


class CriterionSpec(Spec):
    code: str = Field(min_length=1, max_length=40, examples=["quality"])
    name: str = Field(min_length=1)
    kind: CriterionKind
    min_weight: Amount = Field(examples=["40"], description="Percent.")
    max_weight: Amount = Field(examples=["80"], description="Percent.")


class DpsSpec(Spec):
    """A DPS as drafted by a commissioner; lots and criteria may follow later."""

    name: str = Field(min_length=1, max_length=300)
    buyers: list[BuyerSpec] = Field(min_length=1, description="Several: joint commissioning.")
    regime: Regime
    service_category: str = Field(min_length=1, max_length=100, examples=["day_opportunities"])
    starts_on: date
    initial_term_months: int = Field(ge=1, le=1200)
    extension_months: list[int] = Field(default_factory=list, examples=[[12, 12]])
    admission_mode: AdmissionMode = AdmissionMode.CONTINUOUS
    initial_window_ends_at: AwareDatetime | None = None
    decision_service_level_working_days: int | None = Field(default=None, ge=1, le=250)
    decision_extension_service_level_working_days: int | None = Field(
        default=None, ge=1, le=250
    )
    participation_fee: Amount = Decimal("0")
    suspend_on_missed_redeclaration: bool = True
    suspend_on_expired_document: bool = True
    document_warning_days: int = Field(default=30, ge=0, le=365)
    redeclaration_working_days: int = Field(default=5, ge=1, le=60)
    lots: list[LotSpec] = Field(default_factory=list)
    criteria: list[CriterionSpec] = Field(default_factory=list)


class WindowSpec(Spec):
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    lot_ids: list[UUID] | None = Field(
        default=None, description="The lots it reopens; omitted: every lot that is not closed."
    )


class DocumentSpec(Spec):
    document_type: str = Field(min_length=1, examples=["public_liability_insurance"])
    title: str = Field(min_length=1)
    content_sha256: str = Field(description="SHA-256 of the file, 64 hex characters.")
    expires_on: date | None = None


class AnswerSpec(Spec):
    """A yes/no answer to one question of the lot's selection questionnaire."""

    question_id: UUID
    answer: bool


class ContactSpec(Spec):
    name: str = Field(min_length=1)
    email: str
    phone: str = ""
    role: str = ""


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
