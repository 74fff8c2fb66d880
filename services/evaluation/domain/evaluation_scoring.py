"""The panel's part of an open evaluation: conflict declarations (evaluators and the
moderator), scores (evaluators), consensus scores (the moderator).

A layer of ``Evaluation`` on ``EvaluationPanel``. Each method checks every item it is given
before it changes anything, so a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from services.evaluation.domain import errors as e
from services.evaluation.domain.audit import AuditAction as A
from services.evaluation.domain.evaluation_panel import EvaluationPanel
from services.evaluation.domain.panel import (
    ConflictDeclaration,
    Consensus,
    Declaration,
    Item,
    ItemKey,
    Marking,
    Score,
)
from services.evaluation.domain.scale import require_on_scale
from shared.actors import Actor, Role, require_role


class EvaluationScoring(EvaluationPanel):

    def declare_conflicts(
        self, declarations: Sequence[Declaration], by: Actor, now: datetime
    ) -> None:
        """Declare, for responding providers, whether there is a conflict of interest.

        Every panel member does so for every responding provider before reading any
        response. A declared conflict stands; a conflict declared later withdraws the
        member's scores on that provider's response.
        """
        self._require_open()
        self._require_on_panel(by)
        providers = set(self.provider_ids)
        changes: list[tuple[Declaration, ConflictDeclaration | None]] = []
        seen: set[UUID] = set()
        declared = self.declarations_of(by.id)
        for d in declarations:
            if d.provider_id not in providers:
                raise e.ProviderNotResponding(
                    f"Provider {d.provider_id} did not respond to {self.terms.reference}.",
                    provider_id=str(d.provider_id),
                )
            if d.provider_id in seen:
                raise e.DuplicateItem(f"Provider {d.provider_id} is declared twice.",
                                      provider_id=str(d.provider_id))
            seen.add(d.provider_id)
            if d.conflicted and not d.note.strip():
                raise e.NoteRequired("Say what the conflict of interest is.",
                                     provider_id=str(d.provider_id))
            existing = declared.get(d.provider_id)
            if existing is not None and existing.conflicted and not d.conflicted:
                raise e.ConflictAlreadyDeclared(
                    f"A conflict with provider {d.provider_id} was declared; it stands.",
                    provider_id=str(d.provider_id),
                )
            if existing is None or existing.conflicted != d.conflicted:
                changes.append((d, existing))
        for d, existing in changes:
            if existing is None:
                self.conflicts.append(
                    ConflictDeclaration(by.id, d.provider_id, d.conflicted, d.note, now)
                )
            else:
                existing.conflicted, existing.note, existing.declared_at = True, d.note, now
            action = A.CONFLICT_DECLARED if d.conflicted else A.NO_CONFLICT_DECLARED
            self._decide(action, by, now, d.note, provider_id=d.provider_id)
            if d.conflicted:
                self._withdraw_scores(by, d.provider_id, now)

    def score(self, markings: Sequence[Marking], by: Actor, now: datetime) -> list[Score]:
        """Record an assigned evaluator's own scores, each with its rationale. A score may be
        revised until the moderator has settled that item."""
        require_role(by, Role.EVALUATOR)
        self._require_open()
        assignment = self.assignment(by.id)
        if assignment is None:
            raise e.EvaluatorNotAssigned(
                f"You are not an evaluator of {self.terms.reference}; the commissioner"
                " assigns evaluators.",
            )
        self._require_declared(by)
        keys = self._check_markings(markings, by)
        for marking in markings:
            if marking.criterion_code not in assignment.criteria:
                raise e.CriterionNotAssigned(
                    f"You are not assigned criterion {marking.criterion_code!r}.",
                    criterion_code=marking.criterion_code,
                )
        settled = self.consensus_by_key()
        for key in keys:
            if key in settled:
                raise e.AlreadyModerated(
                    f"The moderator has settled {key[1]!r} on response {key[0]}; its score"
                    " no longer changes.", response_id=str(key[0]), criterion_code=key[1],
                )
        recorded = []
        existing_scores = self.scores_by_key()
        for marking, key in zip(markings, keys, strict=True):
            existing = existing_scores.get((*key, by.id))
            if existing is None:
                existing = Score(key[0], key[1], by.id, marking.score, marking.rationale, now)
                self.scores.append(existing)
                action = A.SCORED
            else:
                existing.score, existing.rationale = marking.score, marking.rationale
                existing.scored_at = now
                action = A.RESCORED
            self._decide(action, by, now, marking.rationale, response_id=key[0],
                         criterion_code=key[1], score=marking.score)
            recorded.append(existing)
        return recorded

    def moderate(self, markings: Sequence[Marking], by: Actor, now: datetime) -> list[Consensus]:
        """The moderator records the consensus score on items every expected evaluator has
        scored, with the rationale for it. Required where they differ; allowed where they
        agree; revisable until completion."""
        self._require_open()
        if not self.is_moderator(by.id):
            raise e.NotTheModerator(
                "Only the moderator the commissioner appointed records consensus scores"
                + ("." if self.moderator_id else "; none is appointed yet.")
            )
        self._require_declared(by)
        keys = self._check_markings(markings, by)
        items = {i.key: i for i in self.items()}
        for key in keys:
            item = items[key]
            if not item.ready:
                raise e.ScoresOutstanding(
                    f"Not every evaluator has scored {key[1]!r} on response {key[0]}"
                    f" ({_progress(item)}): moderate once they all have.",
                    response_id=str(key[0]), criterion_code=key[1],
                )
        recorded = []
        settled = self.consensus_by_key()
        for marking, key in zip(markings, keys, strict=True):
            existing = settled.get(key)
            if existing is None:
                existing = Consensus(key[0], key[1], marking.score, marking.rationale, by.id, now)
                self.consensus.append(existing)
                action = A.MODERATED
            else:
                existing.score, existing.rationale = marking.score, marking.rationale
                existing.moderated_by, existing.moderated_at = by.id, now
                action = A.MODERATION_REVISED
            self._decide(action, by, now, marking.rationale, response_id=key[0],
                         criterion_code=key[1], score=marking.score)
            recorded.append(existing)
        return recorded

    # --- internals ---------------------------------------------------------------------

    def _require_on_panel(self, by: Actor) -> None:
        if not self.on_panel(by.id):
            raise e.EvaluatorNotAssigned(
                f"You are neither an evaluator nor the moderator of {self.terms.reference}."
            )

    def _require_declared(self, by: Actor) -> None:
        if not self.declared_all(by.id):
            raise e.ConflictsNotDeclared(
                "Declare for every responding provider whether you have a conflict of"
                " interest (POST .../conflicts) before reading or scoring any response."
            )

    def _check_markings(self, markings: Sequence[Marking], by: Actor) -> list[ItemKey]:
        if not markings:
            raise e.NothingToDo("Give at least one score.")
        keys: list[ItemKey] = []
        seen: set[ItemKey] = set()
        conflicted = self.conflicted_with(by.id)
        for m in markings:
            response = self.response(m.response_id)
            criterion = self.evaluator_criterion(m.criterion_code)
            key = (response.id, criterion.code)
            where = f"{criterion.code} on response {response.id}"
            if key in seen:
                raise e.DuplicateItem(f"{where} is given twice.", response_id=str(response.id),
                                      criterion_code=criterion.code)
            keys.append(key)
            seen.add(key)
            if not response.compliant:
                raise e.ResponseNotCompliant(
                    f"Response {response.id} is not compliant: it is not scored.",
                    response_id=str(response.id),
                )
            if response.provider_id in conflicted:
                raise e.EvaluatorConflicted(
                    f"You declared a conflict with the provider of response {response.id}.",
                    response_id=str(response.id),
                )
            require_on_scale(m.score, self.scale, where)
            if not m.rationale.strip():
                raise e.RationaleRequired(f"{where}: give the rationale for the score.",
                                          response_id=str(response.id),
                                          criterion_code=criterion.code)
        return keys

    def _withdraw_scores(self, by: Actor, provider_id: UUID, now: datetime) -> None:
        responses = {r.id for r in self.responses if r.provider_id == provider_id}
        withdrawn = [s for s in self.scores
                     if s.evaluator_id == by.id and s.response_id in responses]
        for s in withdrawn:
            self.scores.remove(s)
            self._decide(A.SCORES_WITHDRAWN, by, now, "conflict of interest declared",
                         response_id=s.response_id, criterion_code=s.criterion_code,
                         score=s.score)


def _progress(item: Item) -> str:
    scored = {s.evaluator_id for s in item.scores}
    done = sum(1 for x in item.expected if x in scored)
    return f"{done} of {len(item.expected)} scored"
