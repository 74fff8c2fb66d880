"""The evaluation's state and what it derives from it; the layers above change it.

``evaluation_panel`` (scale, evaluators, moderator, clarifications) builds on this,
``evaluation_scoring`` (conflicts, scores, moderation) on that, and ``evaluation`` (opening
from a closed call-off, completing, sending summaries) on that: the parts depend one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID, uuid5

from services.evaluation.domain.audit import AuditAction, Decision, decided
from services.evaluation.domain.errors import (
    CriterionNotInCallOff,
    CriterionNotScoredByEvaluators,
    EvaluationCompleted,
    EvaluationNotFound,
    ResponseNotFound,
)
from services.evaluation.domain.panel import (
    ConflictDeclaration,
    Consensus,
    EvaluatorAssignment,
    Item,
    ItemKey,
    Score,
)
from services.evaluation.domain.ranking import Method, scored_by_evaluators, scored_criteria
from services.evaluation.domain.responses import EvaluatedResponse
from services.evaluation.domain.scale import ScalePoint, maximum
from shared.actors import Actor, Role, system_actor
from shared.domain import AggregateRoot
from shared.events.calloff import CallOffTerms, CriterionWeight

#: Who completes a direct award's evaluation: the service itself, on the close.
SYSTEM = system_actor("evaluation")
#: Fixed for ever: an evaluation's id is derived from its call-off's, so a close delivered
#: twice names the same evaluation.
EVALUATION_NAMESPACE = UUID("3d0c7a52-1b7e-5f0a-9c55-6a3e2f8d4b11")


def evaluation_id_for(call_off_id: UUID) -> UUID:
    return uuid5(EVALUATION_NAMESPACE, str(call_off_id))


class EvaluationStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"


def method_for(terms: CallOffTerms) -> Method:
    """Direct award: compliance only; a fixed rate: quality and social value; else quality and
    cost."""
    if terms.kind == "direct_award":
        return "direct_award_compliance"
    return "quality_social_value" if terms.pricing_mode == "fixed_rate" else "quality_cost"


ScoredBy = Literal["evaluators", "automatic", "price", "not_scored"]


def scored_by(method: Method, criterion: CriterionWeight) -> ScoredBy:
    """How a criterion is scored under ``method``."""
    if criterion not in scored_criteria(method, [criterion]):
        return "not_scored"
    if criterion.kind == "cost":
        return "price"
    return "evaluators" if scored_by_evaluators(criterion) else "automatic"


class EvaluationCore(AggregateRoot):
    aggregate_type = "evaluation"

    def __init__(
        self, *, id: UUID, call_off_id: UUID, terms: CallOffTerms, method: Method,
        responses: list[EvaluatedResponse], scale: list[ScalePoint], created_at: datetime,
        closed_at: datetime,
    ) -> None:
        self.id = id
        self.call_off_id = call_off_id
        self.terms = terms
        self.method = method
        self.responses = responses
        self.scale = scale
        self.created_at = created_at
        self.closed_at = closed_at
        self.status = EvaluationStatus.OPEN
        self.moderator_id: str | None = None
        self.completed_at: datetime | None = None
        self.completed_by: str | None = None
        self.recommended_response_id: UUID | None = None
        self.recommended_provider_id: UUID | None = None
        self.summaries_sent_at: datetime | None = None
        self.summaries_sent_by: str | None = None
        self.changed_at = created_at
        self.evaluators: list[EvaluatorAssignment] = []
        self.conflicts: list[ConflictDeclaration] = []
        self.scores: list[Score] = []
        self.consensus: list[Consensus] = []
        self.decisions: list[Decision] = []

    # --- what it is --------------------------------------------------------------------

    @property
    def completed(self) -> bool:
        return self.status is EvaluationStatus.COMPLETED

    @property
    def scale_max(self) -> int:
        return maximum(self.scale)

    @property
    def evaluator_criteria(self) -> list[CriterionWeight]:
        """The criteria evaluators score under this evaluation's method."""
        return [c for c in scored_criteria(self.method, self.terms.criteria)
                if scored_by_evaluators(c)]

    def criterion(self, code: str) -> CriterionWeight:
        found = next((c for c in self.terms.criteria if c.code == code), None)
        if found is None:
            raise CriterionNotInCallOff(
                f"Call-off {self.terms.reference} has no criterion {code!r}: only its own"
                " criteria are evaluated.", criterion_code=code,
            )
        return found

    def evaluator_criterion(self, code: str) -> CriterionWeight:
        criterion = self.criterion(code)
        if criterion not in self.evaluator_criteria:
            how = scored_by(self.method, criterion)
            raise CriterionNotScoredByEvaluators(
                f"Criterion {code!r} is not scored by evaluators here ({how.replace('_', ' ')}).",
                criterion_code=code, scored_by=how,
            )
        return criterion

    def response(self, response_id: UUID) -> EvaluatedResponse:
        found = self._responses_by_id().get(response_id)
        if found is None:
            raise ResponseNotFound(
                f"Evaluation {self.id} has no response {response_id}.",
                response_id=str(response_id),
            )
        return found

    def _responses_by_id(self) -> dict[UUID, EvaluatedResponse]:
        # The responses never change after opening, so the index is built once per load.
        index: dict[UUID, EvaluatedResponse] | None = self.__dict__.get("_by_id")
        if index is None or len(index) != len(self.responses):
            index = self.__dict__["_by_id"] = {r.id: r for r in self.responses}
        return index

    def response_of(self, provider_id: UUID) -> EvaluatedResponse | None:
        return next((r for r in self.responses if r.provider_id == provider_id), None)

    @property
    def provider_ids(self) -> list[UUID]:
        return list(dict.fromkeys(r.provider_id for r in self.responses))

    # --- the panel ---------------------------------------------------------------------

    def assignment(self, person_id: str) -> EvaluatorAssignment | None:
        return next((a for a in self.evaluators if a.evaluator_id == person_id), None)

    def is_moderator(self, person_id: str) -> bool:
        return self.moderator_id is not None and self.moderator_id == person_id

    def on_panel(self, person_id: str) -> bool:
        return self.assignment(person_id) is not None or self.is_moderator(person_id)

    def declarations_of(self, person_id: str) -> dict[UUID, ConflictDeclaration]:
        """A panel member's declarations, by provider."""
        return {d.provider_id: d for d in self.conflicts if d.person_id == person_id}

    def conflicted_with(self, person_id: str) -> set[UUID]:
        """The providers a panel member declared a conflict with."""
        return {d.provider_id for d in self.conflicts if d.person_id == person_id
                and d.conflicted}

    def conflicted(self, person_id: str, provider_id: UUID) -> bool:
        return provider_id in self.conflicted_with(person_id)

    def declared_all(self, person_id: str) -> bool:
        declared = {d.provider_id for d in self.conflicts if d.person_id == person_id}
        return all(p in declared for p in self.provider_ids)

    def scores_by_key(self) -> dict[tuple[UUID, str, str], Score]:
        """Every score by (response id, criterion code, evaluator id)."""
        return {(s.response_id, s.criterion_code, s.evaluator_id): s for s in self.scores}

    def consensus_by_key(self) -> dict[ItemKey, Consensus]:
        return {(c.response_id, c.criterion_code): c for c in self.consensus}

    def consensus_on(self, key: ItemKey) -> Consensus | None:
        return self.consensus_by_key().get(key)

    def items(self) -> list[Item]:
        """Every criterion evaluators score, on every compliant response, with its state."""
        scores: dict[ItemKey, list[Score]] = {}
        for s in self.scores:
            scores.setdefault((s.response_id, s.criterion_code), []).append(s)
        consensus = {(c.response_id, c.criterion_code): c for c in self.consensus}
        conflicted = {(d.person_id, d.provider_id) for d in self.conflicts if d.conflicted}
        found = []
        criteria = self.evaluator_criteria
        for response in self.responses:
            if not response.compliant:
                continue
            for criterion in criteria:
                key = (response.id, criterion.code)
                expected = tuple(
                    a.evaluator_id for a in self.evaluators
                    if criterion.code in a.criteria
                    and (a.evaluator_id, response.provider_id) not in conflicted
                )
                found.append(Item.of(response.id, criterion.code, expected,
                                     tuple(scores.get(key, ())), consensus.get(key)))
        return found

    # --- who may read it ---------------------------------------------------------------

    def require_readable_by(self, actor: Actor) -> None:
        """The council reads every evaluation; an evaluator only one it sits on (any other is
        reported as missing)."""
        if actor.role in (Role.COMMISSIONER, Role.AUDITOR) or self.on_panel(actor.id):
            return
        raise self.not_found()

    def not_found(self) -> EvaluationNotFound:
        return EvaluationNotFound(f"There is no evaluation {self.id}.",
                                  evaluation_id=str(self.id))

    # --- internals ---------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.completed:
            raise EvaluationCompleted(
                f"The evaluation of {self.terms.reference} was completed on"
                f" {self.completed_at:%d %b %Y %H:%M}; its record no longer changes."
            )

    def _decide(self, action: AuditAction, by: Actor, at: datetime, why: str = "",
                **about: Any) -> None:
        self.decisions.append(decided(action, by, at, why, **about))
        self.changed_at = at

    def _compliant_responses(self) -> Iterator[EvaluatedResponse]:
        return (r for r in self.responses if r.compliant)
