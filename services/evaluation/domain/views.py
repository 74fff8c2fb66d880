"""What each person may read of an evaluation, decided once.

- The commissioner reads every response (with prices and compliance) at any time, and the
  scores of items once they are settled (agreed or moderated): nobody sees an evaluator's
  score before moderation.
- An evaluator reads, after declaring conflicts for every responding provider, the
  compliant responses of providers it is not conflicted with, without prices (quality is
  judged blind to price), and only its own scores.
- The moderator reads the same responses, and every score of an item once all its
  evaluators have scored it.
- An auditor reads everything, once the evaluation is completed.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.evaluation.domain.errors import ConflictsNotDeclared, EvaluationNotCompleted
from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.panel import ConflictDeclaration, Consensus, Item, Score
from services.evaluation.domain.responses import EvaluatedResponse
from shared.actors import Actor, Role


@dataclass(frozen=True, slots=True)
class ResponseView:
    response: EvaluatedResponse
    #: Prices, costs and compliance findings are shown.
    priced: bool


@dataclass(frozen=True, slots=True)
class ItemView:
    item: Item
    scores: tuple[Score, ...]
    consensus: Consensus | None


def _council(actor: Actor, evaluation: Evaluation) -> bool:
    """The commissioner, or an auditor once completed (before, an auditor is refused)."""
    if actor.role is Role.AUDITOR:
        if not evaluation.completed:
            raise EvaluationNotCompleted(
                "An auditor reads responses and scores once the evaluation is completed."
            )
        return True
    return actor.role is Role.COMMISSIONER


def responses_for(evaluation: Evaluation, actor: Actor) -> list[ResponseView]:
    evaluation.require_readable_by(actor)
    if _council(actor, evaluation):
        return [ResponseView(r, True) for r in evaluation.responses]
    _require_declared(evaluation, actor)
    return [
        ResponseView(r, False) for r in evaluation.responses
        if r.compliant and not evaluation.conflicted(actor.id, r.provider_id)
    ]


def items_for(evaluation: Evaluation, actor: Actor) -> list[ItemView]:
    evaluation.require_readable_by(actor)
    council = _council(actor, evaluation)
    moderator = evaluation.is_moderator(actor.id)
    if moderator:
        _require_declared(evaluation, actor)
    providers = {r.id: r.provider_id for r in evaluation.responses}
    views = []
    for item in evaluation.items():
        if council and (evaluation.completed or item.final is not None):
            views.append(ItemView(item, item.scores, item.consensus))
        elif moderator and item.ready and not evaluation.conflicted(
            actor.id, providers[item.response_id]
        ):
            views.append(ItemView(item, item.scores, item.consensus))
        else:
            own = tuple(s for s in item.scores if s.evaluator_id == actor.id)
            if own:
                views.append(ItemView(item, own, None))
    return views


def _require_declared(evaluation: Evaluation, actor: Actor) -> None:
    if not evaluation.declared_all(actor.id):
        raise ConflictsNotDeclared(
            "Declare for every responding provider whether you have a conflict of interest"
            " (POST .../conflicts) before reading any response or score."
        )


@dataclass(frozen=True, slots=True)
class PanelMemberProgress:
    person_id: str
    moderator: bool
    declared: bool
    scored: int
    expected: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the evaluation has come, without any score's value."""

    items: int
    ready: int
    settled: int
    awaiting_moderation: int
    awaiting_clarification: int
    panel: tuple[PanelMemberProgress, ...]


def progress(evaluation: Evaluation) -> Progress:
    items = evaluation.items()
    members = []
    for a in evaluation.evaluators:
        expected = [i for i in items if a.evaluator_id in i.expected]
        scored = sum(1 for i in expected if any(s.evaluator_id == a.evaluator_id
                                                for s in i.scores))
        members.append(PanelMemberProgress(a.evaluator_id, False,
                                           evaluation.declared_all(a.evaluator_id), scored,
                                           len(expected)))
    if evaluation.moderator_id:
        members.append(PanelMemberProgress(
            evaluation.moderator_id, True, evaluation.declared_all(evaluation.moderator_id),
            len(evaluation.consensus), sum(1 for i in items if i.needs_moderation)
            + len(evaluation.consensus),
        ))
    return Progress(
        items=len(items), ready=sum(1 for i in items if i.ready),
        settled=sum(1 for i in items if i.final is not None),
        awaiting_moderation=sum(1 for i in items if i.needs_moderation),
        awaiting_clarification=sum(1 for r in evaluation.responses if r.awaits_clarification),
        panel=tuple(members),
    )


@dataclass(frozen=True, slots=True)
class EvaluationView:
    """An evaluation as one reader may see it: the council sees every response's prices and
    every declaration; a panel member its own declarations, and no prices."""

    evaluation: Evaluation
    responses: tuple[ResponseView, ...]
    conflicts: tuple[ConflictDeclaration, ...]
    progress: Progress


def evaluation_for(evaluation: Evaluation, actor: Actor) -> EvaluationView:
    """An auditor reads prices, compliance and declarations once the evaluation is
    completed; before, what a panel member reads."""
    evaluation.require_readable_by(actor)
    council = actor.role is Role.COMMISSIONER or (
        actor.role is Role.AUDITOR and evaluation.completed
    )
    return EvaluationView(
        evaluation=evaluation,
        responses=tuple(ResponseView(r, council) for r in evaluation.responses),
        conflicts=tuple(d for d in evaluation.conflicts if council or d.person_id == actor.id),
        progress=progress(evaluation),
    )
