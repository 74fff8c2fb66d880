"""A service, declared once: its composition root is this description, not code copied.

A service's ``main.py`` is::

    SERVICE = Service(
        settings=CalloffSettings, metadata=metadata, uow=CalloffUnitOfWork,
        routers=routers, subscribe=subscribers.subscribe, publishes=PUBLISHED,
        title="care-dps call-off service", description="...",
    )

    def create_app(settings=None, clock=None) -> FastAPI:
        return SERVICE.create_app(settings, clock)

and ``uvicorn services.calloff.main:create_app --factory`` runs it. Settings are read from
the environment when the app is created, never at import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, FastAPI
from pydantic import ValidationError
from sqlalchemy import MetaData

from shared.app import service_app
from shared.clock import Clock
from shared.documents import DocumentSpec
from shared.events.base import Event
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings, MisconfiguredService
from shared.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


def _nothing(_runtime: ServiceRuntime[Any]) -> None:
    return None


def _nothing_more(_runtime: ServiceRuntime[Any], _app: FastAPI) -> None:
    return None


@dataclass(frozen=True)
class Service(Generic[U]):
    settings: type[BaseServiceSettings]
    metadata: MetaData
    uow: type[U]
    routers: Sequence[APIRouter]
    title: str
    description: str
    #: ``subscribers.subscribe(runtime)``: event -> handler, one line per event consumed.
    subscribe: Callable[[ServiceRuntime[U]], None] = _nothing
    #: The events this service publishes (its AsyncAPI document lists them).
    publishes: Sequence[type[Event]] = field(default_factory=tuple)
    #: Anything else the service runs beside its routes (a ticker ...).
    compose: Callable[[ServiceRuntime[U], FastAPI], None] = _nothing_more
    #: Answers kept rendered in the store for hot reads (``shared.documents``).
    documents: Sequence[DocumentSpec] = field(default_factory=tuple)

    def read_settings(self) -> BaseServiceSettings:
        """The settings from the environment; unusable ones stop the service with one line."""
        try:
            return self.settings()
        except ValidationError as error:
            problems = "; ".join(
                f"{self.settings.model_config.get('env_prefix', '')}"
                f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}"
                for e in error.errors()
            )
            raise MisconfiguredService(f"{self.settings.__name__}: {problems}") from None

    def create_app(
        self, settings: BaseServiceSettings | None = None, clock: Clock | None = None
    ) -> FastAPI:
        runtime = ServiceRuntime(
            settings=settings or self.read_settings(),
            metadata=self.metadata,
            uow_class=self.uow,
            clock=clock,
            documents=self.documents,
        )
        self.subscribe(runtime)
        runtime.publishes(*self.publishes)
        app = service_app(
            runtime, title=self.title, description=self.description, routers=self.routers
        )
        self.compose(runtime, app)
        return app
