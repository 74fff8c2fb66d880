"""Assessment summaries (Procurement Act 2023 s.50): what each assessed provider is told.

A provider's summary gives its own scores per criterion with the reasons, and the most
advantageous response's scores and reasons beside them, without naming that response's
provider or its prices. A non-compliant response's summary gives the reasons it was not
compliant. A provider reads only its own summary, and only once the council has sent them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from services.evaluation.domain.costing import pounds
from services.evaluation.domain.errors import EvaluationNotCompleted, SummaryNotFound
from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.evaluation_core import ScoredBy, scored_by
from services.evaluation.domain.ranking import CriterionResult
from services.evaluation.domain.responses import EvaluatedResponse
from shared.actors import Actor, require_visible


@dataclass(frozen=True, slots=True)
class CriterionAssessment:
    code: str
    name: str
    kind: str
    weight: Decimal
    scored_by: ScoredBy
    max_score: Decimal | None
    score: Decimal | None
    weighted: Decimal | None
    reasons: tuple[str, ...]
    winning_score: Decimal | None
    winning_weighted: Decimal | None
    winning_reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    evaluation_id: UUID
    call_off_id: UUID
    reference: str
    provider_id: UUID
    provider_name: str
    response_id: UUID
    compliant: bool
    compliance_reasons: tuple[str, ...]
    rank: int | None
    ranked_responses: int
    recommended: bool
    total_score: Decimal | None
    winning_total_score: Decimal | None
    whole_life_cost: Decimal | None
    criteria: tuple[CriterionAssessment, ...]
    outcome: str
    sent_at: datetime | None


def summary_for(evaluation: Evaluation, provider_id: UUID, actor: Actor) -> AssessmentSummary:
    """The provider's summary: the council reads any once completed; the provider its own,
    once sent (anything else is reported as missing)."""
    hidden = summary_missing(evaluation.id, provider_id)
    require_visible(actor, provider_id, hidden)
    if actor.is_provider and evaluation.summaries_sent_at is None:
        raise hidden
    if not evaluation.completed:
        raise EvaluationNotCompleted("Summaries exist once the evaluation is completed.")
    response = evaluation.response_of(provider_id)
    if response is None:
        raise hidden
    return _summary(evaluation, response)


def summary_missing(evaluation_id: UUID, provider_id: UUID) -> SummaryNotFound:
    """The one answer for a summary a caller may not read: missing, whatever the reason."""
    return SummaryNotFound(
        f"There is no assessment summary for provider {provider_id} in evaluation"
        f" {evaluation_id}.", evaluation_id=str(evaluation_id), provider_id=str(provider_id),
    )


def all_summaries(evaluation: Evaluation) -> list[AssessmentSummary]:
    if not evaluation.completed:
        raise EvaluationNotCompleted("Summaries exist once the evaluation is completed.")
    return [_summary(evaluation, r) for r in _in_rank_order(evaluation)]


def _in_rank_order(evaluation: Evaluation) -> list[EvaluatedResponse]:
    return sorted(evaluation.responses,
                  key=lambda r: (r.rank is None, r.rank or 0, r.submitted_at, r.id))


def _summary(evaluation: Evaluation, response: EvaluatedResponse) -> AssessmentSummary:
    winner = (evaluation.response(evaluation.recommended_response_id)
              if evaluation.recommended_response_id else None)
    ranked = sum(1 for r in evaluation.responses if r.rank is not None)
    criteria = []
    for c in evaluation.terms.criteria:
        how = scored_by(evaluation.method, c)
        own = _result(response, c.code)
        best = _result(winner, c.code) if winner else None
        criteria.append(CriterionAssessment(
            code=c.code, name=c.name, kind=c.kind, weight=c.weight, scored_by=how,
            max_score=own.max_score if own else (best.max_score if best else None),
            score=own.score if own else None, weighted=own.weighted if own else None,
            reasons=_reasons(evaluation, response, c.code, how) if own else (),
            winning_score=best.score if best else None,
            winning_weighted=best.weighted if best else None,
            winning_reasons=_reasons(evaluation, winner, c.code, how, own=False)
            if best and winner else (),
        ))
    return AssessmentSummary(
        evaluation_id=evaluation.id, call_off_id=evaluation.call_off_id,
        reference=evaluation.terms.reference, provider_id=response.provider_id,
        provider_name=response.provider_name, response_id=response.id,
        compliant=response.compliant, compliance_reasons=tuple(str(f) for f in response.reasons),
        rank=response.rank, ranked_responses=ranked,
        recommended=winner is not None and winner.id == response.id,
        total_score=response.total_score,
        winning_total_score=winner.total_score if winner else None,
        whole_life_cost=response.whole_life_cost, criteria=tuple(criteria),
        outcome=_outcome(response, winner, ranked), sent_at=evaluation.summaries_sent_at,
    )


def _result(response: EvaluatedResponse | None, code: str) -> CriterionResult | None:
    if response is None:
        return None
    return next((c for c in response.criterion_scores if c.code == code), None)


def _reasons(
    evaluation: Evaluation, response: EvaluatedResponse, code: str, how: ScoredBy,
    *, own: bool = True,
) -> tuple[str, ...]:
    if how == "evaluators":
        consensus = evaluation.consensus_on((response.id, code))
        if consensus is not None:
            return (consensus.rationale,)
        return tuple(dict.fromkeys(s.rationale for s in evaluation.scores
                                   if (s.response_id, s.criterion_code) == (response.id, code)))
    if how == "automatic":
        criterion = evaluation.criterion(code)
        answer = response.number(code)
        given = "no answer" if answer is None else f"answered {answer}"
        return (f"Scored automatically: {given}; {criterion.better} is better, in proportion"
                " to the best compliant answer.",)
    if how == "price":
        cost = f"a whole-life cost of {pounds(response.whole_life_cost)}" if own and \
            response.whole_life_cost is not None else "its whole-life cost"
        return (f"Scored on {cost}: the lowest compliant whole-life cost takes the full"
                " weight, others in proportion (lowest / own).",)
    return ()


def _outcome(response: EvaluatedResponse, winner: EvaluatedResponse | None, ranked: int) -> str:
    if not response.compliant:
        return "Your response was not compliant, so it was not scored or ranked."
    if winner is not None and winner.id == response.id:
        return f"Your response ranked first of {ranked} and is recommended for award."
    return (f"Your response ranked {response.rank} of {ranked}; the most advantageous response"
            " is recommended for award.")
