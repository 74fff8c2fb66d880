"""The shape of every change: load the evaluation locked, apply one domain method, commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from services.evaluation.domain import Evaluation
from services.evaluation.store import EvaluationUnitOfWork

T = TypeVar("T")


async def changed(
    uow: EvaluationUnitOfWork, evaluation_id: UUID, apply: Callable[[Evaluation], T]
) -> tuple[Evaluation, T]:
    """The evaluation after ``apply``, committed with the events it recorded; the domain's
    error (nothing written) if it breaks a rule; ``evaluation_not_found`` if there is none."""
    async with uow:
        evaluation = await uow.evaluations.get(evaluation_id, lock=True)
        result = apply(evaluation)
        uow.evaluations.touch(evaluation)
        await uow.commit()
    return evaluation, result
