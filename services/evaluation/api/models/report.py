"""The evaluation report as read: the record of a completed evaluation."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from services.evaluation.api.models.evaluations import EvaluationRead, ResponseRead
from services.evaluation.api.models.fields import Read
from services.evaluation.api.models.panel import ConsensusRead, ScoreRead
from services.evaluation.domain.evaluation_core import ScoredBy
from services.evaluation.domain.report import EvaluationReport
from services.evaluation.domain.views import ResponseView, evaluation_for
from shared.actors import Actor


class CriterionLineRead(Read):
    code: str
    name: str
    kind: str
    weight: Decimal
    scored_by: ScoredBy
    score: Decimal | None
    max_score: Decimal | None
    weighted: Decimal | None
    answer_number: Decimal | None
    evaluator_scores: list[ScoreRead]
    consensus: ConsensusRead | None


class ResultRead(ResponseRead):
    quality_score: Decimal | None
    price_score: Decimal | None
    social_value_score: Decimal | None
    criteria: list[CriterionLineRead]


class DecisionRead(Read):
    at: datetime
    action: str
    actor_id: str
    actor_role: str
    why: str
    response_id: UUID | None
    provider_id: UUID | None
    criterion_code: str | None
    score: int | None
    person_id: str | None


class EvaluationReportRead(Read):
    evaluation: EvaluationRead
    price_formula: str
    tie_break: str
    results: list[ResultRead]
    decisions: list[DecisionRead]

    @classmethod
    def of(cls, report: EvaluationReport, actor: Actor) -> EvaluationReportRead:
        e = report.evaluation
        return cls(
            evaluation=EvaluationRead.of_view(evaluation_for(e, actor)),
            price_formula=report.price_formula, tie_break=report.tie_break,
            results=[
                ResultRead(
                    **ResponseRead.of(ResponseView(line.response, True)).model_dump(),
                    quality_score=line.response.quality_score,
                    price_score=line.response.price_score,
                    social_value_score=line.response.social_value_score,
                    criteria=[CriterionLineRead.model_validate(c) for c in line.criteria],
                )
                for line in report.results
            ],
            decisions=[DecisionRead.model_validate(d) for d in report.decisions],
        )
