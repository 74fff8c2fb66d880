"""Composition root of the call-off service."""

from __future__ import annotations

from fastapi import FastAPI

from services.calloff import subscribers
from services.calloff.api import routers
from services.calloff.handlers.ticker import CallOffTicker
from services.calloff.settings import CalloffSettings
from services.calloff.store import CalloffUnitOfWork, metadata
from services.calloff.store.sealing import KeysUnusable, sealer_for
from shared.clock import Clock
from shared.events import calloff as events
from shared.runtime import ServiceRuntime
from shared.service import Service
from shared.settings import MisconfiguredService

PUBLISHED = (
    events.CallOffPublished,
    events.InvitationIssued,
    events.ClarificationAnswered,
    events.ResponseSubmitted,
    events.ResponseWithdrawn,
    events.ResponseOpened,
    events.CallOffClosed,
    events.CallOffCancelled,
    events.CallOffUnsuccessful,
)


def compose(runtime: ServiceRuntime[CalloffUnitOfWork], app: FastAPI) -> None:
    """The person sealer (the service refuses to start without a usable key outside local
    mode) and the ticker that closes call-offs at their deadline; tests and operators may
    run a pass at once through ``app.state.ticker``."""
    settings = runtime.settings
    assert isinstance(settings, CalloffSettings)
    try:
        app.state.person_sealer = sealer_for(
            settings.person_keys.get_secret_value() if settings.person_keys else None,
            local=settings.auth_mode == "local",
            jwt_secret=settings.jwt_secret,
        )
    except KeysUnusable as error:
        raise MisconfiguredService(
            f"calloff: CALLOFF_PERSON_KEYS: {error}; give one or more Fernet keys, comma"
            " separated (the first encrypts)."
        ) from None
    ticker = CallOffTicker(runtime.uow, runtime.clock, batch_size=settings.ticker_batch_size)
    runtime.every(settings.ticker_seconds, ticker)
    app.state.ticker = ticker


SERVICE = Service(
    settings=CalloffSettings,
    metadata=metadata,
    uow=CalloffUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    publishes=PUBLISHED,
    compose=compose,
    title="care-dps call-off service",
    description=(
        "Requirements (the person's identity restricted and encrypted), pseudonymised"
        " call-offs to every eligible member of a lot, clarifications and sealed responses."
    ),
)


def create_app(settings: CalloffSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
