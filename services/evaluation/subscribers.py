"""Events the evaluation service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.evaluation.store import EvaluationUnitOfWork
from shared.dpsview.handlers import follow_dps
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[EvaluationUnitOfWork]) -> None:
    follow_dps(runtime.consumer("registry"))
