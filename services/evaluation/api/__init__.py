"""The evaluation service's HTTP API, one router per feature: parse -> handler -> XRead."""

from services.evaluation.api import evaluations, panel, regimes, results
from shared.dpsview.api import known_dps_router

routers = [
    evaluations.router, panel.router, results.router, known_dps_router(), regimes.router,
]

__all__ = ["routers"]
