"""Composition root of the registry service."""

from __future__ import annotations

from fastapi import FastAPI

from services.registry import subscribers
from services.registry.api import routers
from services.registry.api.documents import DOCUMENTS
from services.registry.handlers.ticker import RegistryTicker
from services.registry.settings import RegistrySettings
from services.registry.store import RegistryUnitOfWork, metadata
from shared.clock import Clock
from shared.events import registry as events
from shared.runtime import ServiceRuntime
from shared.service import Service

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


def run_ticker(runtime: ServiceRuntime[RegistryUnitOfWork], app: FastAPI) -> None:
    """Deadlines: the ticker runs every ``ticker_seconds``; tests and operators may run a
    pass at once through ``app.state.ticker``."""
    settings = runtime.settings
    assert isinstance(settings, RegistrySettings)
    ticker = RegistryTicker(runtime.uow, runtime.clock, batch_size=settings.ticker_batch_size)
    runtime.every(settings.ticker_seconds, ticker)
    app.state.ticker = ticker


SERVICE = Service(
    settings=RegistrySettings,
    metadata=metadata,
    uow=RegistryUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    publishes=PUBLISHED,
    compose=run_ticker,
    documents=DOCUMENTS,
    title="care-dps registry",
    description=(
        "DPS set-up, providers, applications decided on the legal clock, memberships,"
        " and the audit trail of every decision."
    ),
)


def create_app(settings: RegistrySettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
