"""Composition root of the evaluation service."""

from __future__ import annotations

from fastapi import FastAPI

from services.evaluation import subscribers
from services.evaluation.api import routers
from services.evaluation.domain.ranking import TIE_BREAK
from services.evaluation.domain.report import PRICE_FORMULA
from services.evaluation.settings import EvaluationSettings
from services.evaluation.store import EvaluationUnitOfWork, metadata
from shared.clock import Clock
from shared.events import evaluation as events
from shared.service import Service

PUBLISHED = (events.ResponseRanked, events.EvaluationCompleted, events.AssessmentSummariesSent)

SERVICE = Service(
    settings=EvaluationSettings,
    metadata=metadata,
    uow=EvaluationUnitOfWork,
    routers=routers,
    subscribe=subscribers.subscribe,
    publishes=PUBLISHED,
    title="care-dps evaluation service",
    description=(
        "Evaluations of closed call-offs: compliance before scoring, evaluators who declare"
        " conflicts and score on a declared scale, moderation, ranking, the recommendation,"
        " the evaluation report and assessment summaries (docs/evaluation.md).\n\n"
        "Methods: quality_cost (price competed), quality_social_value (fixed rate: price"
        " not scored), direct_award_compliance (compliance only; completes by itself).\n\n"
        + PRICE_FORMULA + "\n\nTie-break: " + TIE_BREAK
    ),
)


def create_app(settings: EvaluationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return SERVICE.create_app(settings, clock)
