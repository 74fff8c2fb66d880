"""Use cases of the panel: the scale, evaluators and moderator (commissioner), conflict
declarations, scores and moderation (panel members), settling flagged responses
(commissioner). Each loads the evaluation locked, makes one change, and commits."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from services.evaluation.domain import Declaration, Evaluation, Marking
from services.evaluation.domain.panel import Consensus, Score
from services.evaluation.domain.scale import ScalePoint
from services.evaluation.handlers.changing import changed
from services.evaluation.store import EvaluationUnitOfWork
from shared.actors import Actor
from shared.clock import Clock


async def set_scale(evaluation_id: UUID, points: Sequence[ScalePoint], uow: EvaluationUnitOfWork,
                    clock: Clock, actor: Actor) -> Evaluation:
    """Declare the scale evaluators score on (before anyone scores)."""
    now = clock.now()
    evaluation, _ = await changed(uow, evaluation_id, lambda e: e.set_scale(points, actor, now))
    return evaluation


async def assign_evaluator(
    evaluation_id: UUID, evaluator_id: str, criteria: Sequence[str] | None,
    uow: EvaluationUnitOfWork, clock: Clock, actor: Actor,
) -> Evaluation:
    """Assign (or re-assign) an evaluator, by user id, to criteria (default: all that
    evaluators score)."""
    now = clock.now()
    evaluation, _ = await changed(
        uow, evaluation_id, lambda e: e.assign_evaluator(evaluator_id, criteria, actor, now)
    )
    return evaluation


async def remove_evaluator(evaluation_id: UUID, evaluator_id: str, uow: EvaluationUnitOfWork,
                           clock: Clock, actor: Actor) -> Evaluation:
    """Take an evaluator off the panel before it has scored."""
    now = clock.now()
    evaluation, _ = await changed(
        uow, evaluation_id, lambda e: e.remove_evaluator(evaluator_id, actor, now)
    )
    return evaluation


async def appoint_moderator(evaluation_id: UUID, moderator_id: str, uow: EvaluationUnitOfWork,
                            clock: Clock, actor: Actor) -> Evaluation:
    """Appoint (or replace) the moderator, by user id."""
    now = clock.now()
    evaluation, _ = await changed(
        uow, evaluation_id, lambda e: e.appoint_moderator(moderator_id, actor, now)
    )
    return evaluation


async def declare_conflicts(
    evaluation_id: UUID, declarations: Sequence[Declaration], uow: EvaluationUnitOfWork,
    clock: Clock, actor: Actor,
) -> Evaluation:
    """A panel member declares, per responding provider, whether it has a conflict."""
    now = clock.now()
    evaluation, _ = await changed(
        uow, evaluation_id, lambda e: e.declare_conflicts(declarations, actor, now)
    )
    return evaluation


async def score(evaluation_id: UUID, markings: Sequence[Marking], uow: EvaluationUnitOfWork,
                clock: Clock, actor: Actor) -> list[Score]:
    """An assigned evaluator records (or revises) its own scores."""
    now = clock.now()
    _, recorded = await changed(uow, evaluation_id, lambda e: e.score(markings, actor, now))
    return recorded


async def moderate(evaluation_id: UUID, markings: Sequence[Marking], uow: EvaluationUnitOfWork,
                   clock: Clock, actor: Actor) -> list[Consensus]:
    """The moderator records consensus scores where every evaluator has scored."""
    now = clock.now()
    _, recorded = await changed(uow, evaluation_id, lambda e: e.moderate(markings, actor, now))
    return recorded


async def clarify(
    evaluation_id: UUID, response_id: UUID, accepted: bool, note: str,
    uow: EvaluationUnitOfWork, clock: Clock, actor: Actor,
) -> Evaluation:
    """Settle a flagged response once its provider has explained."""
    now = clock.now()
    evaluation, _ = await changed(
        uow, evaluation_id, lambda e: e.clarify(response_id, accepted, note, actor, now)
    )
    return evaluation
