"""Events the contracts service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.contracts.store import ContractsUnitOfWork
from shared.dpsview.handlers import follow_dps
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[ContractsUnitOfWork]) -> None:
    follow_dps(runtime.consumer("registry"))
