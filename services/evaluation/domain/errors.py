"""The evaluation service's named errors. Each ``code`` is stable: clients key on it."""

from __future__ import annotations

from shared.actors import RoleNotPermitted  # noqa: F401  (named with the service's errors)
from shared.errors import NotFound, NotPermitted, RuleBroken, StateConflict

# --- not found -------------------------------------------------------------------------


class EvaluationNotFound(NotFound):
    code = "evaluation_not_found"


class ResponseNotFound(NotFound):
    code = "response_not_found"


class EvaluatorNotFound(NotFound):
    code = "evaluator_not_found"


class SummaryNotFound(NotFound):
    code = "summary_not_found"


# --- the call-off's events ---------------------------------------------------------------


class ResponseNotOpened(RuleBroken):
    """A close names a valid response whose content never arrived: the call-off service
    broke the agreement (every ``ResponseOpened`` comes before its ``CallOffClosed``)."""

    code = "response_not_opened"


# --- rules broken ----------------------------------------------------------------------


class CriterionNotInCallOff(RuleBroken):
    code = "criterion_not_in_call_off"


class CriterionNotScoredByEvaluators(RuleBroken):
    code = "criterion_not_scored_by_evaluators"


class ScoreOutOfRange(RuleBroken):
    code = "score_out_of_range"


class RationaleRequired(RuleBroken):
    code = "rationale_required"


class InvalidScale(RuleBroken):
    code = "invalid_scale"


class ProviderNotResponding(RuleBroken):
    code = "provider_not_responding"


class ResponseNotCompliant(RuleBroken):
    code = "response_not_compliant"


class ResponseNotFlagged(RuleBroken):
    code = "response_not_flagged"


class ModeratorIsEvaluator(RuleBroken):
    code = "moderator_is_evaluator"


class TooManyEvaluators(RuleBroken):
    code = "too_many_evaluators"


class DuplicateItem(RuleBroken):
    code = "duplicate_item"


class NothingToDo(RuleBroken):
    code = "nothing_to_do"


# --- not permitted ---------------------------------------------------------------------


class EvaluatorNotAssigned(NotPermitted):
    code = "evaluator_not_assigned"


class CriterionNotAssigned(NotPermitted):
    code = "criterion_not_assigned"


class EvaluatorConflicted(NotPermitted):
    code = "evaluator_conflicted"


class NotTheModerator(NotPermitted):
    code = "not_the_moderator"


# --- state conflicts -------------------------------------------------------------------


class EvaluationCompleted(StateConflict):
    code = "evaluation_completed"


class EvaluationNotCompleted(StateConflict):
    code = "evaluation_not_completed"


class ConflictsNotDeclared(StateConflict):
    code = "conflicts_not_declared"


class ConflictAlreadyDeclared(StateConflict):
    code = "conflict_already_declared"


class ScoresOutstanding(StateConflict):
    """Moderating an item before every evaluator expected on it has scored."""

    code = "scores_outstanding"


class AlreadyModerated(StateConflict):
    code = "already_moderated"


class ScoresMissing(StateConflict):
    code = "scores_missing"


class ModerationOutstanding(StateConflict):
    code = "moderation_outstanding"


class ClarificationOutstanding(StateConflict):
    code = "clarification_outstanding"


class AlreadyClarified(StateConflict):
    code = "already_clarified"


class ScaleFixed(StateConflict):
    code = "scale_fixed"


class EvaluatorHasScored(StateConflict):
    code = "evaluator_has_scored"


class SummariesAlreadySent(StateConflict):
    code = "summaries_already_sent"


class NoteRequired(RuleBroken):
    """A declared conflict, or a settled flag, needs a note saying what and why."""

    code = "note_required"


class PersonRequired(RuleBroken):
    code = "person_required"
