"""A response as the evaluation holds it: the content the call-off opened, its compliance,
its cost, the council's settlement of any flag, and, once completed, its result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from services.evaluation.domain import compliance
from services.evaluation.domain.compliance import Finding, Submission
from services.evaluation.domain.costing import cost_of, priced_at
from services.evaluation.domain.ranking import CriterionResult
from shared.events.calloff import Answer, CallOffTerms, PriceLine, ResponseOpened


class Clarification(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(eq=False)
class EvaluatedResponse:
    id: UUID  # the call-off's response id
    provider_id: UUID
    provider_name: str
    submitted_at: datetime
    answers: list[Answer]
    prices: list[PriceLine]
    accepts_fixed_rate: bool
    proposed_start_on: date
    capacity_confirmed: bool
    reasons: list[Finding] = field(default_factory=list)
    flags: list[Finding] = field(default_factory=list)
    annual_cost: Decimal | None = None
    whole_life_cost: Decimal | None = None
    clarification: Clarification | None = None
    clarification_note: str = ""
    clarified_by: str | None = None
    clarified_at: datetime | None = None
    # The result, once the evaluation is completed.
    rank: int | None = None
    total_score: Decimal | None = None
    quality_score: Decimal | None = None
    price_score: Decimal | None = None
    social_value_score: Decimal | None = None
    criterion_scores: list[CriterionResult] = field(default_factory=list)

    @classmethod
    def opened(cls, terms: CallOffTerms, content: ResponseOpened) -> EvaluatedResponse:
        """The response as opened at close, checked for compliance and costed."""
        response = cls(
            id=content.response_id,
            provider_id=content.provider_id,
            provider_name=content.provider_name,
            submitted_at=content.submitted_at,
            answers=list(content.answers),
            prices=list(content.prices),
            accepts_fixed_rate=content.accepts_fixed_rate,
            proposed_start_on=content.proposed_start_on,
            capacity_confirmed=content.capacity_confirmed,
        )
        found = compliance.check(terms, Submission(
            answers=response.answers, prices=response.prices,
            accepts_fixed_rate=response.accepts_fixed_rate,
            capacity_confirmed=response.capacity_confirmed,
            proposed_start_on=response.proposed_start_on,
        ))
        response.reasons = list(found.reasons)
        response.flags = list(found.flags)
        cost = cost_of(terms, response.costed_prices(terms))
        if cost is not None:
            response.annual_cost = cost.annual
            response.whole_life_cost = cost.whole_life
        return response

    @property
    def compliant(self) -> bool:
        return not self.reasons

    @property
    def awaits_clarification(self) -> bool:
        """Flagged, still compliant, and the council has not yet settled the flags."""
        return self.compliant and bool(self.flags) and self.clarification is None

    def costed_prices(self, terms: CallOffTerms) -> list[PriceLine]:
        return priced_at(terms, self.prices)

    def answer(self, code: str) -> Answer | None:
        return next((a for a in self.answers if a.criterion_code == code), None)

    def number(self, code: str) -> Decimal | None:
        found = self.answer(code)
        return None if found is None else found.number

    def settle(self, outcome: Clarification, note: str, by: str, at: datetime) -> None:
        self.clarification = outcome
        self.clarification_note = note
        self.clarified_by = by
        self.clarified_at = at
        if outcome is Clarification.REJECTED:
            flags = "; ".join(f.code for f in self.flags)
            self.reasons = [*self.reasons, Finding(
                compliance.REJECTED_AFTER_CLARIFICATION,
                f"flagged ({flags}) and rejected after clarification: {note}",
            )]
