"""Events the call-off service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.calloff import handlers
from services.calloff.store import CalloffUnitOfWork
from shared.events.registry import DpsOpened
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[CalloffUnitOfWork]) -> None:
    registry = runtime.consumer("registry")
    registry.on(DpsOpened)(handlers.record_dps_opened)
