"""Assessment summaries as read (Procurement Act 2023 s.50)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from services.evaluation.api.models.fields import Read
from services.evaluation.domain.evaluation_core import ScoredBy


class CriterionAssessmentRead(Read):
    code: str
    name: str
    kind: str
    weight: Decimal
    scored_by: ScoredBy
    max_score: Decimal | None
    score: Decimal | None = Field(description="Your score on this criterion.")
    weighted: Decimal | None = Field(description="Your score / max x weight.")
    reasons: list[str] = Field(description="Why your response scored so.")
    winning_score: Decimal | None = Field(description="The most advantageous response's.")
    winning_weighted: Decimal | None
    winning_reasons: list[str]


class AssessmentSummaryRead(Read):
    """What one provider is told of its response's assessment, beside the winning one's
    (whose provider and prices are not disclosed)."""

    evaluation_id: UUID
    call_off_id: UUID
    reference: str
    provider_id: UUID
    provider_name: str
    response_id: UUID
    compliant: bool
    compliance_reasons: list[str]
    rank: int | None
    ranked_responses: int = Field(description="How many compliant responses were ranked.")
    recommended: bool
    total_score: Decimal | None
    winning_total_score: Decimal | None
    whole_life_cost: Decimal | None = Field(description="Your response's, GBP.")
    criteria: list[CriterionAssessmentRead]
    outcome: str
    sent_at: datetime | None
