"""Composition root of the call-off service."""

from __future__ import annotations

from fastapi import FastAPI

from services.calloff import subscribers
from services.calloff.api import routers
from services.calloff.settings import CalloffSettings
from services.calloff.store import CalloffUnitOfWork, metadata
from shared.clock import Clock
from shared.service import Service

SERVICE = Service(
    settings=CalloffSettings,
    metadata=metadata,
    uow=CalloffUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    title="care-dps call-off service",
    description="Requirements, call-offs and sealed responses.",
)


def create_app(settings: CalloffSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
