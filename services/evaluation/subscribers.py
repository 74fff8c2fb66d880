"""Events the evaluation service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.evaluation.handlers import consumed
from services.evaluation.store import EvaluationUnitOfWork
from shared.dpsview.handlers import follow_dps
from shared.events.calloff import CallOffClosed, ResponseOpened
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[EvaluationUnitOfWork]) -> None:
    follow_dps(runtime.consumer("registry"))
    calloff = runtime.consumer("calloff")
    calloff.on(ResponseOpened)(consumed.response_opened)
    calloff.on(CallOffClosed)(consumed.call_off_closed)
