"""An evaluation as read: its call-off's terms, criteria and scale, its responses (prices to
the council only), its panel and progress, and its result once completed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from services.evaluation.api.models.fields import Read
from services.evaluation.domain import Evaluation
from services.evaluation.domain.costing import term_years
from services.evaluation.domain.evaluation_core import EvaluationStatus, ScoredBy, scored_by
from services.evaluation.domain.ranking import TIE_BREAK
from services.evaluation.domain.report import PRICE_FORMULA
from services.evaluation.domain.responses import Clarification
from services.evaluation.domain.views import EvaluationView, Progress, ResponseView
from shared.events.calloff import Answer, PriceLine, VolumeLine

Method = Literal["quality_cost", "quality_social_value", "direct_award_compliance"]


class CriterionRead(Read):
    code: str
    name: str
    kind: Literal["quality", "cost", "social_value"]
    weight: Decimal = Field(description="Percent.")
    answer_type: Literal["narrative", "numeric"]
    better: Literal["higher", "lower"]
    mandatory: bool
    scored_by: ScoredBy = Field(description=(
        "evaluators: scored on the scale by the panel; automatic: a numeric answer scored"
        " against the best compliant one; price: on whole-life cost; not_scored: not under"
        " this method."))


class ScalePointRead(Read):
    score: int
    descriptor: str


class TermRead(Read):
    start_on: date
    initial_term_months: int
    extension_months: list[int]
    years: Decimal = Field(description="The full term, every extension option included.")


class ClarificationRead(Read):
    outcome: Clarification
    note: str
    by: str
    at: datetime


class ResponseSummaryRead(Read):
    """A response in the evaluation: compliance and costs to the council only."""

    response_id: UUID
    provider_id: UUID
    provider_name: str
    submitted_at: datetime
    compliant: bool
    compliance_reasons: list[str] | None = Field(
        description="Why it is not compliant (null to a panel member).")
    flags: list[str] | None = Field(
        description="Flags for clarification: abnormally_low, above_reference,"
        " capacity_not_confirmed, later_start (null to a panel member).")
    clarification: ClarificationRead | None
    annual_cost: Decimal | None = Field(description="GBP; null to a panel member.")
    whole_life_cost: Decimal | None = Field(description="GBP; null to a panel member.")
    rank: int | None = Field(description="Once completed; null if not compliant.")
    total_score: Decimal | None

    @classmethod
    def of(cls, view: ResponseView) -> ResponseSummaryRead:
        r, priced = view.response, view.priced
        return cls(
            response_id=r.id, provider_id=r.provider_id, provider_name=r.provider_name,
            submitted_at=r.submitted_at, compliant=r.compliant,
            compliance_reasons=[str(f) for f in r.reasons] if priced else None,
            flags=[f.code for f in r.flags] if priced else None,
            clarification=ClarificationRead(
                outcome=r.clarification, note=r.clarification_note, by=r.clarified_by or "",
                at=r.clarified_at) if priced and r.clarification and r.clarified_at else None,
            annual_cost=r.annual_cost if priced else None,
            whole_life_cost=r.whole_life_cost if priced else None,
            rank=r.rank, total_score=r.total_score,
        )


class ResponseRead(ResponseSummaryRead):
    """A response's content: the answers to each criterion; prices to the council only."""

    answers: list[Answer]
    prices: list[PriceLine] | None = Field(description="Null to a panel member.")
    accepts_fixed_rate: bool
    proposed_start_on: date
    capacity_confirmed: bool

    @classmethod
    def of(cls, view: ResponseView) -> ResponseRead:
        r = view.response
        return cls(
            **ResponseSummaryRead.of(view).model_dump(), answers=r.answers,
            prices=r.prices if view.priced else None, accepts_fixed_rate=r.accepts_fixed_rate,
            proposed_start_on=r.proposed_start_on, capacity_confirmed=r.capacity_confirmed,
        )


class EvaluatorRead(Read):
    evaluator_id: str
    criteria: list[str]
    assigned_at: datetime
    assigned_by: str


class ConflictRead(Read):
    person_id: str
    provider_id: UUID
    conflicted: bool
    note: str
    declared_at: datetime


class PanelMemberProgressRead(Read):
    person_id: str
    moderator: bool
    declared: bool = Field(description="Has declared for every responding provider.")
    scored: int
    expected: int


class ProgressRead(Read):
    """How far the evaluation has come, without any score's value."""

    items: int = Field(description="Criteria evaluators score x compliant responses.")
    ready: int = Field(description="Items every expected evaluator has scored.")
    settled: int = Field(description="Items with a final score (agreed or moderated).")
    awaiting_moderation: int
    awaiting_clarification: int
    panel: list[PanelMemberProgressRead]


class EvaluationListItem(Read):
    id: UUID
    call_off_id: UUID
    reference: str
    dps_id: UUID
    lot_id: UUID
    method: Method
    status: EvaluationStatus
    responses: int
    created_at: datetime
    completed_at: datetime | None
    recommended_response_id: UUID | None
    recommended_provider_id: UUID | None

    @classmethod
    def of(cls, evaluation: Evaluation) -> EvaluationListItem:
        t = evaluation.terms
        return cls(
            id=evaluation.id, call_off_id=evaluation.call_off_id, reference=t.reference,
            dps_id=t.dps_id, lot_id=t.lot_id, method=evaluation.method,
            status=evaluation.status, responses=len(evaluation.responses),
            created_at=evaluation.created_at, completed_at=evaluation.completed_at,
            recommended_response_id=evaluation.recommended_response_id,
            recommended_provider_id=evaluation.recommended_provider_id,
        )


class EvaluationRead(EvaluationListItem):
    regime: str
    kind: Literal["mini_competition", "direct_award"]
    pricing_mode: Literal["price_competed", "fixed_rate"]
    closed_at: datetime
    criteria: list[CriterionRead]
    scale: list[ScalePointRead]
    volumes: list[VolumeLine]
    fixed_rates: list[PriceLine]
    term: TermRead
    price_formula: str
    tie_break: str
    response_list: list[ResponseSummaryRead] = Field(
        description="Every valid response (the count is ``responses``).")
    evaluators: list[EvaluatorRead]
    moderator_id: str | None
    conflicts: list[ConflictRead] = Field(
        description="Declarations: every one to the council; a panel member's own to it.")
    progress: ProgressRead
    completed_by: str | None
    summaries_sent_at: datetime | None

    @classmethod
    def of_view(cls, view: EvaluationView) -> EvaluationRead:
        e, t = view.evaluation, view.evaluation.terms
        return cls(
            **EvaluationListItem.of(e).model_dump(), regime=t.regime, kind=t.kind,
            pricing_mode=t.pricing_mode, closed_at=e.closed_at,
            criteria=[CriterionRead(**c.model_dump(), scored_by=scored_by(e.method, c))
                      for c in t.criteria],
            scale=[ScalePointRead(score=p.score, descriptor=p.descriptor) for p in e.scale],
            volumes=list(t.volumes), fixed_rates=list(t.fixed_rates),
            term=TermRead(start_on=t.start_on, initial_term_months=t.initial_term_months,
                          extension_months=list(t.extension_months),
                          years=term_years(t.initial_term_months, t.extension_months)),
            price_formula=PRICE_FORMULA, tie_break=TIE_BREAK,
            response_list=[ResponseSummaryRead.of(v) for v in view.responses],
            evaluators=[EvaluatorRead.model_validate(a) for a in e.evaluators],
            moderator_id=e.moderator_id,
            conflicts=[ConflictRead.model_validate(d) for d in view.conflicts],
            progress=_progress(view.progress), completed_by=e.completed_by,
            summaries_sent_at=e.summaries_sent_at,
        )


def _progress(progress: Progress) -> ProgressRead:
    return ProgressRead(
        items=progress.items, ready=progress.ready, settled=progress.settled,
        awaiting_moderation=progress.awaiting_moderation,
        awaiting_clarification=progress.awaiting_clarification,
        panel=[PanelMemberProgressRead.model_validate(p) for p in progress.panel],
    )
