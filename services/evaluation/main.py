"""Composition root of the evaluation service."""

from __future__ import annotations

from fastapi import FastAPI

from services.evaluation import subscribers
from services.evaluation.api import routers
from services.evaluation.settings import EvaluationSettings
from services.evaluation.store import EvaluationUnitOfWork, metadata
from shared.clock import Clock
from shared.service import Service

SERVICE = Service(
    settings=EvaluationSettings,
    metadata=metadata,
    uow=EvaluationUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    title="care-dps evaluation service",
    description="Scoring, moderation and ranking of call-off responses.",
)


def create_app(settings: EvaluationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
