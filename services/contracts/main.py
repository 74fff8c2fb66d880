"""Composition root of the contracts service."""

from __future__ import annotations

from fastapi import FastAPI

from services.contracts import subscribers
from services.contracts.api import routers
from services.contracts.settings import ContractsSettings
from services.contracts.store import ContractsUnitOfWork, metadata
from shared.clock import Clock
from shared.service import Service

SERVICE = Service(
    settings=ContractsSettings,
    metadata=metadata,
    uow=ContractsUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    title="care-dps contracts service",
    description="Approval, award, contract lifecycle and publication.",
)


def create_app(settings: ContractsSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
