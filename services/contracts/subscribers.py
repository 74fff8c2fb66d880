"""Events the contracts service consumes."""

from __future__ import annotations

from services.contracts import handlers
from services.contracts.store import ContractsUnitOfWork
from shared.events.registry import DpsOpened
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[ContractsUnitOfWork]) -> None:
    registry = runtime.consumer("registry")
    registry.on(DpsOpened)(handlers.record_award_framework)
