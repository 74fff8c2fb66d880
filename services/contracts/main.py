"""Composition root of the contracts service."""

from __future__ import annotations

from fastapi import FastAPI

from services.contracts import subscribers
from services.contracts.api import routers
from services.contracts.handlers.publication.ticker import PublicationTicker
from services.contracts.handlers.ticker import ContractsTicker
from services.contracts.settings import ContractsSettings
from services.contracts.store import ContractsUnitOfWork, metadata
from shared.clock import Clock
from shared.events import contracts as events
from shared.runtime import ServiceRuntime
from shared.service import Service

PUBLISHED = (
    events.AwardRecommended,
    events.AwardApproved,
    events.AwardOffered,
    events.OfferAccepted,
    events.OfferDeclined,
    events.CandidatePassedOver,
    events.AwardUnsuccessful,
    events.ContractAwarded,
    events.PlacementTransitioned,
    events.ContractStarted,
    events.ContractExtended,
    events.ContractVaried,
    events.ContractTerminated,
    events.ContractEnded,
    events.ReprocurementRequested,
    events.ReleasePublished,
    events.NoticeOverdue,
)


def run_ticker(runtime: ServiceRuntime[ContractsUnitOfWork], app: FastAPI) -> None:
    """Deadlines (standstills, offer windows, start and end dates; notices): the tickers run every
    ``ticker_seconds``; tests and operators may run a pass at once through
    ``app.state.ticker`` and ``app.state.publication_ticker``."""
    settings = runtime.settings
    assert isinstance(settings, ContractsSettings)
    ticker = ContractsTicker(runtime.uow, runtime.clock, batch_size=settings.ticker_batch_size)
    runtime.every(settings.ticker_seconds, ticker)
    app.state.ticker = ticker
    notices = PublicationTicker(runtime.uow, runtime.clock, batch_size=settings.ticker_batch_size)
    runtime.every(settings.ticker_seconds, notices)
    app.state.publication_ticker = notices


SERVICE = Service(
    settings=ContractsSettings,
    metadata=metadata,
    uow=ContractsUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    publishes=PUBLISHED,
    compose=run_ticker,
    title="care-dps contracts service",
    description=(
        "Awards under the scheme of delegation, standstill and offers down the ranked list;"
        " individual contracts (extensions, variations, termination, KPIs); existing"
        " placements moved onto the DPS; spend against budgets and savings targets;"
        " publication: OCDS releases and records, statutory notices and their deadlines."
    ),
)


def create_app(settings: ContractsSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
