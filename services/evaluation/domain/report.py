"""The evaluation report: per response and criterion, every evaluator's score and rationale,
the consensus, the weighted result; compliance, costs, rank; and the whole record of
decisions. Read by the commissioner and auditors once the evaluation is completed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from services.evaluation.domain.audit import Decision
from services.evaluation.domain.errors import EvaluationNotCompleted
from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.evaluation_core import ScoredBy, scored_by
from services.evaluation.domain.panel import Consensus, Score
from services.evaluation.domain.ranking import TIE_BREAK
from services.evaluation.domain.responses import EvaluatedResponse
from shared.actors import Actor, Role, require_role

#: How price is scored, as the API and the report state it.
PRICE_FORMULA = (
    "Whole-life cost = sum over the call-off's volume lines of (quantity per week x the"
    " response's unit price for that element) x 52.14 weeks x years of the full term"
    " ((initial term months + every extension option's months) / 12), rounded to the penny."
    " A fixed-rate call-off costs every response at the council's rates. Price score (quality"
    " and cost only) = lowest compliant whole-life cost / this response's whole-life cost x"
    " the price weight."
)


@dataclass(frozen=True, slots=True)
class CriterionLine:
    code: str
    name: str
    kind: str
    weight: Decimal
    scored_by: ScoredBy
    score: Decimal | None
    max_score: Decimal | None
    weighted: Decimal | None
    #: A numeric criterion's answer.
    answer_number: Decimal | None
    evaluator_scores: tuple[Score, ...]
    consensus: Consensus | None


@dataclass(frozen=True, slots=True)
class ResponseLine:
    response: EvaluatedResponse
    criteria: tuple[CriterionLine, ...]


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    evaluation: Evaluation
    price_formula: str
    tie_break: str
    results: tuple[ResponseLine, ...]
    decisions: tuple[Decision, ...]


def report_of(evaluation: Evaluation, actor: Actor) -> EvaluationReport:
    require_role(actor, Role.COMMISSIONER, Role.AUDITOR)
    if not evaluation.completed:
        raise EvaluationNotCompleted(
            "The report is the record of a completed evaluation: complete it first."
        )
    scores: dict[tuple[UUID, str], list[Score]] = {}
    for s in evaluation.scores:
        scores.setdefault((s.response_id, s.criterion_code), []).append(s)
    consensus = evaluation.consensus_by_key()
    ordered = sorted(evaluation.responses,
                     key=lambda r: (r.rank is None, r.rank or 0, r.submitted_at, r.id))
    results = []
    for response in ordered:
        by_code = {c.code: c for c in response.criterion_scores}
        lines = []
        for c in evaluation.terms.criteria:
            result = by_code.get(c.code)
            lines.append(CriterionLine(
                code=c.code, name=c.name, kind=c.kind, weight=c.weight,
                scored_by=scored_by(evaluation.method, c),
                score=result.score if result else None,
                max_score=result.max_score if result else None,
                weighted=result.weighted if result else None,
                answer_number=response.number(c.code) if c.answer_type == "numeric" else None,
                evaluator_scores=tuple(scores.get((response.id, c.code), ())),
                consensus=consensus.get((response.id, c.code)),
            ))
        results.append(ResponseLine(response, tuple(lines)))
    return EvaluationReport(evaluation, PRICE_FORMULA, TIE_BREAK, tuple(results),
                            tuple(evaluation.decisions))
