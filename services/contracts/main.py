"""Composition root of the contracts service."""

from __future__ import annotations

from fastapi import FastAPI

from services.contracts import subscribers
from services.contracts.api import router
from services.contracts.settings import ContractsSettings
from services.contracts.store import ContractsUnitOfWork, metadata
from shared.app import service_app
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: ContractsSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or ContractsSettings()
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, uow_class=ContractsUnitOfWork, clock=clock
    )
    subscribers.subscribe(runtime)
    return service_app(
        runtime,
        title="care-dps contracts service",
        description="Approval, award, contract lifecycle and publication.",
        routers=[router],
    )
