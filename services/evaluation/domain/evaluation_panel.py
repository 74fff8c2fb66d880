"""The commissioner's part of an open evaluation: the scale, who evaluates and who
moderates, and the settlement of flagged responses.

A layer of ``Evaluation`` on ``EvaluationCore`` (``evaluation_scoring`` builds on it). Each
method checks everything it is given before it changes anything, so a refused request
changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from services.evaluation.domain import errors as e
from services.evaluation.domain import limits as n
from services.evaluation.domain.audit import AuditAction as A
from services.evaluation.domain.evaluation_core import EvaluationCore
from services.evaluation.domain.panel import EvaluatorAssignment
from services.evaluation.domain.responses import Clarification
from services.evaluation.domain.scale import ScalePoint, check_scale
from shared.actors import Actor, Role, require_role


class EvaluationPanel(EvaluationCore):

    def set_scale(self, points: Sequence[ScalePoint], by: Actor, now: datetime) -> None:
        """Declare the scoring scale; only before anyone has scored."""
        require_role(by, Role.COMMISSIONER)
        self._require_open()
        if self.scores:
            raise e.ScaleFixed("Scores have been recorded on the current scale: it stays.")
        self.scale = list(check_scale(points))
        self._decide(A.SCALE_SET, by, now, f"0 to {self.scale_max}")

    def assign_evaluator(
        self, evaluator_id: str, criteria: Sequence[str] | None, by: Actor, now: datetime
    ) -> EvaluatorAssignment:
        """Assign (or re-assign) an evaluator to criteria; all that evaluators score if none
        are named."""
        require_role(by, Role.COMMISSIONER)
        self._require_open()
        evaluator_id = _person(evaluator_id, "evaluator_id")
        if not self.evaluator_criteria:
            raise e.NothingToDo(
                f"Nothing in {self.terms.reference} is scored by evaluators"
                f" (method {self.method}): no evaluator is needed."
            )
        codes = list(dict.fromkeys(
            [self.evaluator_criterion(c).code for c in criteria] if criteria
            else [c.code for c in self.evaluator_criteria]
        ))
        if self.is_moderator(evaluator_id):
            raise e.ModeratorIsEvaluator(
                "The moderator settles the evaluators' differences and does not score;"
                " appoint another moderator first.", evaluator_id=evaluator_id,
            )
        existing = self.assignment(evaluator_id)
        if existing is None:
            if len(self.evaluators) >= n.EVALUATORS:
                raise e.TooManyEvaluators(f"An evaluation has at most {n.EVALUATORS} evaluators.")
            existing = EvaluatorAssignment(evaluator_id, codes, now, by.id)
            self.evaluators.append(existing)
        else:
            dropped = [s.criterion_code for s in self.scores
                       if s.evaluator_id == evaluator_id and s.criterion_code not in codes]
            if dropped:
                raise e.EvaluatorHasScored(
                    f"{evaluator_id} has scored {sorted(set(dropped))}: those criteria stay"
                    " assigned.", criteria=sorted(set(dropped)),
                )
            existing.criteria = codes
        self._decide(A.EVALUATOR_ASSIGNED, by, now, ", ".join(codes), person_id=evaluator_id)
        return existing

    def remove_evaluator(self, evaluator_id: str, by: Actor, now: datetime) -> None:
        """Take an evaluator off the panel before they have scored anything."""
        require_role(by, Role.COMMISSIONER)
        self._require_open()
        found = self.assignment(evaluator_id)
        if found is None:
            raise e.EvaluatorNotFound(f"{evaluator_id} is not an evaluator here.",
                                      evaluator_id=evaluator_id)
        if any(s.evaluator_id == evaluator_id for s in self.scores):
            raise e.EvaluatorHasScored(
                f"{evaluator_id} has scored: their scores are part of the record, so they"
                " stay on the panel."
            )
        self.evaluators.remove(found)
        self._decide(A.EVALUATOR_REMOVED, by, now, person_id=evaluator_id)

    def appoint_moderator(self, moderator_id: str, by: Actor, now: datetime) -> None:
        require_role(by, Role.COMMISSIONER)
        self._require_open()
        moderator_id = _person(moderator_id, "moderator_id")
        if self.assignment(moderator_id) is not None:
            raise e.ModeratorIsEvaluator(
                f"{moderator_id} is an evaluator here; the moderator does not score.",
                moderator_id=moderator_id,
            )
        if self.moderator_id == moderator_id:
            return
        self.moderator_id = moderator_id
        self._decide(A.MODERATOR_APPOINTED, by, now, person_id=moderator_id)

    def clarify(
        self, response_id: UUID, accepted: bool, note: str, by: Actor, now: datetime
    ) -> None:
        """Settle a flagged response once the provider has explained: accepted, it is scored
        and ranked as any other; rejected, it becomes non-compliant."""
        require_role(by, Role.COMMISSIONER)
        self._require_open()
        response = self.response(response_id)
        if not response.flags or not response.compliant:
            raise e.ResponseNotFlagged(
                f"Response {response_id} has no flag to settle"
                + ("" if response.compliant else " (it is not compliant)") + ".",
                response_id=str(response_id),
            )
        if response.clarification is not None:
            raise e.AlreadyClarified(
                f"Response {response_id} was {response.clarification.value} after"
                " clarification; that stands.", response_id=str(response_id),
            )
        if not note.strip():
            raise e.NoteRequired("Say what the provider explained and why it is settled so.")
        outcome = Clarification.ACCEPTED if accepted else Clarification.REJECTED
        response.settle(outcome, note, by.id, now)
        action = A.CLARIFICATION_ACCEPTED if accepted else A.CLARIFICATION_REJECTED
        self._decide(action, by, now, note, response_id=response.id,
                     provider_id=response.provider_id)


def _person(person_id: str, field: str) -> str:
    person_id = person_id.strip()
    if not person_id:
        raise e.PersonRequired(f"Name the person by their user id ({field}).", field=field)
    return person_id
