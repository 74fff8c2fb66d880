"""The evaluation aggregate: opened from a closed call-off, completed with its ranking, and
the assessment summaries sent.

open -> completed. A direct award's evaluation completes by itself on opening (compliance
only, ``completed_by`` = ``system:evaluation``); every other one when the commissioner
completes it, once every item is settled and every flag cleared.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from services.evaluation.domain import errors as e
from services.evaluation.domain import limits as n
from services.evaluation.domain.audit import AuditAction as A
from services.evaluation.domain.evaluation_core import (
    SYSTEM,
    EvaluationStatus,
    evaluation_id_for,
    method_for,
)
from services.evaluation.domain.evaluation_scoring import EvaluationScoring
from services.evaluation.domain.panel import Item
from services.evaluation.domain.ranking import TIE_BREAK, CriterionResult, Ranked, Sheet, rank
from services.evaluation.domain.responses import EvaluatedResponse
from services.evaluation.domain.scale import DEFAULT_SCALE
from shared.actors import Actor, Role, require_role
from shared.events.calloff import CallOffClosed, ResponseOpened
from shared.events.evaluation import (
    AssessmentSummariesSent,
    CriterionScore,
    EvaluationCompleted,
    RankEntry,
    ResponseRanked,
)

PLACES = Decimal(1).scaleb(-n.SCORE_PLACES)


def published(value: Decimal) -> Decimal:
    """A score as published: rounded to ``SCORE_PLACES`` places."""
    return value.quantize(PLACES, ROUND_HALF_UP)


class Evaluation(EvaluationScoring):
    @classmethod
    def open(
        cls, closed: CallOffClosed, contents: Mapping[UUID, ResponseOpened], now: datetime
    ) -> Evaluation:
        """The evaluation of a closed call-off: each valid response checked for compliance
        and costed. A direct award's completes at once."""
        terms = closed.terms
        missing = [v.response_id for v in closed.valid_responses if v.response_id not in contents]
        if missing:
            raise e.ResponseNotOpened(
                f"Call-off {terms.reference} closed with responses whose content never came:"
                f" {', '.join(map(str, missing[:n.LISTED]))}.",
                response_ids=[str(m) for m in missing[:n.LISTED]],
            )
        evaluation = cls(
            id=evaluation_id_for(terms.call_off_id), call_off_id=terms.call_off_id,
            terms=terms, method=method_for(terms),
            responses=[EvaluatedResponse.opened(terms, contents[v.response_id])
                       for v in closed.valid_responses],
            scale=list(DEFAULT_SCALE), created_at=now, closed_at=closed.closed_at,
        )
        evaluation._decide(
            A.OPENED, SYSTEM, now,
            f"call-off {terms.reference} closed with {len(closed.valid_responses)} valid"
            f" response(s); method {evaluation.method}",
        )
        if evaluation.method == "direct_award_compliance":
            evaluation.complete(SYSTEM, now)
        return evaluation

    def complete(self, by: Actor, now: datetime) -> list[Ranked]:
        """Rank the responses and publish the result: one ``ResponseRanked`` per response,
        then ``EvaluationCompleted`` with the recommendation (the top-ranked compliant
        response, or none)."""
        if by is not SYSTEM:
            require_role(by, Role.COMMISSIONER)
        self._require_open()
        items = self.items()
        self._require_settled(items)
        if by is not SYSTEM:
            self._require_clarified()
        finals = {i.key: i.final for i in items if i.final is not None}  # all, once settled
        codes = [c.code for c in self.evaluator_criteria]
        sheets = [
            Sheet(
                response_id=r.id, provider_id=r.provider_id, submitted_at=r.submitted_at,
                compliant=r.compliant,
                scores={code: finals[(r.id, code)] for code in codes} if r.compliant else {},
                numbers={a.criterion_code: a.number for a in r.answers},
                whole_life_cost=r.whole_life_cost,
            )
            for r in self.responses
        ]
        ranked = rank(self.method, self.terms.criteria, self.scale_max, sheets)
        top = next((r for r in ranked if r.rank == 1), None)
        self.status = EvaluationStatus.COMPLETED
        self.completed_at, self.completed_by = now, by.id
        self.recommended_response_id = top.response_id if top else None
        self.recommended_provider_id = top.provider_id if top else None
        for result in ranked:
            self._publish_result(self.response(result.response_id), result, now)
        self.record(EvaluationCompleted(
            occurred_at=now, evaluation_id=self.id, terms=self.terms, method=self.method,
            ranking=[RankEntry(response_id=r.response_id, provider_id=r.provider_id,
                               rank=r.rank, compliant=r.compliant,
                               total_score=published(r.total_score)) for r in ranked],
            recommended_response_id=self.recommended_response_id,
            recommended_provider_id=self.recommended_provider_id,
            tie_break=TIE_BREAK, completed_at=now, completed_by=by.id,
        ))
        self._decide(
            A.COMPLETED, by, now,
            f"recommended response {top.response_id}" if top else "no compliant response:"
            " no recommendation",
            response_id=top.response_id if top else None,
            provider_id=top.provider_id if top else None,
        )
        return ranked

    def send_summaries(self, by: Actor, now: datetime) -> list[UUID]:
        """Every assessed provider is sent its assessment summary (Procurement Act 2023
        s.50): ``AssessmentSummariesSent`` once, naming them all."""
        require_role(by, Role.COMMISSIONER)
        if not self.completed:
            raise e.EvaluationNotCompleted(
                "Assessment summaries follow the result: complete the evaluation first."
            )
        if self.summaries_sent_at is not None:
            raise e.SummariesAlreadySent(
                f"The assessment summaries were sent on {self.summaries_sent_at:%d %b %Y %H:%M}."
            )
        self.summaries_sent_at, self.summaries_sent_by = now, by.id
        providers = self.provider_ids
        self.record(AssessmentSummariesSent(
            occurred_at=now, evaluation_id=self.id, call_off_id=self.call_off_id,
            provider_ids=providers, sent_at=now,
        ))
        self._decide(A.SUMMARIES_SENT, by, now, f"{len(providers)} provider(s)")
        return providers

    # --- internals ---------------------------------------------------------------------

    def _require_settled(self, items: list[Item]) -> None:
        missing = [i for i in items if not i.ready and i.consensus is None]
        if missing:
            raise e.ScoresMissing(
                f"{len(missing)} score(s) are missing; every compliant response needs a"
                " settled score on every criterion evaluators score.",
                missing=[self._describe(i) for i in missing[:n.LISTED]], count=len(missing),
            )
        unsettled = [i for i in items if i.needs_moderation]
        if unsettled:
            raise e.ModerationOutstanding(
                f"The evaluators differ on {len(unsettled)} item(s): the moderator records"
                " a consensus score on each first.",
                items=[self._describe(i) for i in unsettled[:n.LISTED]], count=len(unsettled),
            )

    def _require_clarified(self) -> None:
        waiting = [r for r in self.responses if r.awaits_clarification]
        if waiting:
            raise e.ClarificationOutstanding(
                f"{len(waiting)} flagged response(s) await clarification: accept or reject"
                " each once the provider has explained.",
                responses=[{"response_id": str(r.id), "flags": [f.code for f in r.flags]}
                           for r in waiting[:n.LISTED]],
            )

    def _describe(self, item: Item) -> dict[str, object]:
        scored = {s.evaluator_id for s in item.scores}
        return {
            "response_id": str(item.response_id),
            "provider_name": self.response(item.response_id).provider_name,
            "criterion_code": item.criterion_code,
            "evaluators": len(item.expected),
            "scored": sum(1 for x in item.expected if x in scored),
        }

    def _publish_result(self, response: EvaluatedResponse, result: Ranked, now: datetime) -> None:
        response.rank = result.rank
        if result.compliant:
            response.criterion_scores = [
                CriterionResult(c.code, published(c.score), published(c.max_score),
                                published(c.weighted)) for c in result.criteria
            ]
            response.quality_score = published(result.quality_score)
            response.price_score = _maybe(result.price_score)
            response.social_value_score = _maybe(result.social_value_score)
            response.total_score = published(result.total_score)
        self.record(ResponseRanked(
            occurred_at=now, evaluation_id=self.id, call_off_id=self.call_off_id,
            response_id=response.id, provider_id=response.provider_id,
            submitted_at=response.submitted_at, compliant=response.compliant,
            compliance_reasons=[str(f) for f in response.reasons],
            flags=[f.code for f in response.flags], rank=response.rank,
            criteria=[CriterionScore(code=c.code, score=c.score, max_score=c.max_score,
                                     weighted=c.weighted) for c in response.criterion_scores],
            quality_score=response.quality_score or Decimal(0),
            price_score=response.price_score, social_value_score=response.social_value_score,
            total_score=response.total_score or Decimal(0),
            annual_cost=response.annual_cost, whole_life_cost=response.whole_life_cost,
            prices=response.costed_prices(self.terms),
        ))


def _maybe(value: Decimal | None) -> Decimal | None:
    return None if value is None else published(value)
