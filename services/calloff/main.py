"""Composition root of the call-off service."""

from __future__ import annotations

from fastapi import FastAPI

from services.calloff import subscribers
from services.calloff.api import router
from services.calloff.settings import CalloffSettings
from services.calloff.store import CalloffUnitOfWork, metadata
from shared.app import service_app
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: CalloffSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or CalloffSettings()
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, uow_class=CalloffUnitOfWork, clock=clock
    )
    subscribers.subscribe(runtime)
    return service_app(
        runtime,
        title="care-dps call-off service",
        description="Requirements, call-offs and sealed responses.",
        routers=[router],
    )
