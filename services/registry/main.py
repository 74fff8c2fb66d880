"""Composition root of the registry service."""

from __future__ import annotations

from fastapi import FastAPI

from services.registry import subscribers
from services.registry.api import routers
from services.registry.handlers.ticker import RegistryTicker
from services.registry.settings import RegistrySettings
from services.registry.store import RegistryUnitOfWork, metadata
from shared.app import service_app
from shared.clock import Clock
from shared.events import registry as events
from shared.runtime import ServiceRuntime

PUBLISHED = (
    events.DpsOpened,
    events.DpsChanged,
    events.DpsClosed,
    events.LotOpened,
    events.LotClosed,
    events.ReopeningWindowOpened,
    events.ReopeningWindowClosed,
    events.ApplicationSubmitted,
    events.ApplicationRejected,
    events.ApplicationWithdrawn,
    events.ProviderAdmitted,
    events.MembershipSuspended,
    events.MembershipReinstated,
    events.MembershipRemoved,
    events.MembershipRedeclarationRequested,
    events.DocumentExpiring,
    events.ProviderAreasChanged,
    events.ProviderCapacityChanged,
)


def create_app(settings: RegistrySettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, uow_class=RegistryUnitOfWork, clock=clock
    )
    subscribers.subscribe(runtime)
    runtime.publishes(*PUBLISHED)
    ticker = RegistryTicker(runtime.uow, runtime.clock, batch_size=settings.ticker_batch_size)
    runtime.every(settings.ticker_seconds, ticker)
    app = service_app(
        runtime,
        title="care-dps registry",
        description=(
            "DPS set-up, providers, applications decided on the legal clock, memberships,"
            " and the audit trail of every decision."
        ),
        routers=routers,
    )
    app.state.ticker = ticker  # tests and operators can run a pass at once
    return app
