"""Events the evaluation service consumes."""

from __future__ import annotations

from services.evaluation import handlers
from services.evaluation.store import EvaluationUnitOfWork
from shared.events.registry import DpsOpened
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[EvaluationUnitOfWork]) -> None:
    registry = runtime.consumer("registry")
    registry.on(DpsOpened)(handlers.record_dps_regime)
