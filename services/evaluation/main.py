"""Composition root of the evaluation service."""

from __future__ import annotations

from fastapi import FastAPI

from services.evaluation import subscribers
from services.evaluation.api import router
from services.evaluation.settings import EvaluationSettings
from services.evaluation.store import EvaluationUnitOfWork, metadata
from shared.app import service_app
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: EvaluationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or EvaluationSettings()
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, uow_class=EvaluationUnitOfWork, clock=clock
    )
    subscribers.subscribe(runtime)
    return service_app(
        runtime,
        title="care-dps evaluation service",
        description="Scoring, moderation and ranking of call-off responses.",
        routers=[router],
    )
