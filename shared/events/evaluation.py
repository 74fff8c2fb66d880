"""Integration events published by the evaluation service (``dps.evaluation.*``).

An evaluation (aggregate ``evaluation``) is created from ``dps.calloff.call_off_closed``. Its
result travels as one ``ResponseRanked`` per response (scores, compliance, prices), then the
compact ``EvaluationCompleted`` (the order and the recommendation), which the contracts
service awards from. No personal data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.base import Event
from shared.events.calloff import (
    MAX_CODE,
    MAX_CRITERIA,
    MAX_LINES,
    MAX_NAME,
    MAX_RESPONSES,
    MAX_TEXT,
    CallOffTerms,
    Part,
    PriceLine,
)

Method = Literal["quality_cost", "quality_social_value", "direct_award_compliance"]


class CriterionScore(Part):
    """A criterion's moderated score and its weighted contribution to the total."""

    code: str = Field(max_length=MAX_CODE)
    score: Decimal
    max_score: Decimal
    weighted: Decimal


class ResponseRanked(Event):
    """One response as evaluated: compliance, scores, whole-life cost, rank (None when it is
    not compliant). Published for every response before ``EvaluationCompleted``."""

    subject_name = "dps.evaluation.response_ranked.v1"

    evaluation_id: UUID
    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    submitted_at: AwareDatetime
    compliant: bool
    compliance_reasons: list[str] = Field(default_factory=list, max_length=20)
    flags: list[str] = Field(
        default_factory=list, max_length=10, description="e.g. abnormally_low, above_reference"
    )
    rank: int | None = Field(default=None, ge=1)
    criteria: list[CriterionScore] = Field(default_factory=list, max_length=MAX_CRITERIA)
    quality_score: Decimal = Decimal(0)
    price_score: Decimal | None = None
    social_value_score: Decimal | None = None
    total_score: Decimal = Decimal(0)
    annual_cost: Decimal | None = None
    whole_life_cost: Decimal | None = None
    prices: list[PriceLine] = Field(default_factory=list, max_length=MAX_LINES)


class RankEntry(Part):
    response_id: UUID
    provider_id: UUID
    rank: int | None = Field(default=None, ge=1)
    compliant: bool
    total_score: Decimal


class EvaluationCompleted(Event):
    """The moderated, ranked result of a call-off and its recommendation (or none). Each
    entry's detail came just before, in its ``ResponseRanked``."""

    subject_name = "dps.evaluation.evaluation_completed.v1"

    evaluation_id: UUID
    terms: CallOffTerms
    method: Method
    ranking: list[RankEntry] = Field(max_length=MAX_RESPONSES)
    recommended_response_id: UUID | None = None
    recommended_provider_id: UUID | None = None
    tie_break: str = Field(max_length=MAX_TEXT, description="The documented tie-break applied.")
    completed_at: AwareDatetime
    completed_by: str = Field(max_length=MAX_NAME)


class AssessmentSummariesSent(Event):
    """Every assessed provider has been sent its assessment summary (Procurement Act s.50)."""

    subject_name = "dps.evaluation.assessment_summaries_sent.v1"

    evaluation_id: UUID
    call_off_id: UUID
    provider_ids: list[UUID] = Field(max_length=MAX_RESPONSES)
    sent_at: AwareDatetime
