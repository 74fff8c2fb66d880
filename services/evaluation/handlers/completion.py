"""Completing an evaluation (its ranking and recommendation leave as events) and sending the
assessment summaries."""

from __future__ import annotations

from uuid import UUID

from services.evaluation.domain import Evaluation
from services.evaluation.handlers.changing import changed
from services.evaluation.store import EvaluationUnitOfWork
from shared.actors import Actor
from shared.clock import Clock


async def complete(evaluation_id: UUID, uow: EvaluationUnitOfWork, clock: Clock,
                   actor: Actor) -> Evaluation:
    """Rank and recommend: ``ResponseRanked`` per response, then ``EvaluationCompleted``,
    ``completed_by`` = the commissioner."""
    now = clock.now()
    evaluation, _ = await changed(uow, evaluation_id, lambda e: e.complete(actor, now))
    return evaluation


async def send_summaries(evaluation_id: UUID, uow: EvaluationUnitOfWork, clock: Clock,
                         actor: Actor) -> Evaluation:
    """Send every assessed provider its summary: ``AssessmentSummariesSent``."""
    now = clock.now()
    evaluation, _ = await changed(uow, evaluation_id, lambda e: e.send_summaries(actor, now))
    return evaluation
