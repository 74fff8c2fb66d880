"""Use cases of the evaluation service."""

from __future__ import annotations

from services.evaluation.store import EvaluationUnitOfWork
from shared.events.registry import DpsOpened


async def record_dps_regime(event: DpsOpened, uow: EvaluationUnitOfWork) -> None:
    """Remember the regime of a newly opened DPS: its call-offs are evaluated under it."""
    await uow.regimes.save(event.dps_id, event.name, event.regime)
