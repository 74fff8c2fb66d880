"""The evaluation service's HTTP API, one router per feature."""

from services.evaluation.api import regimes
from shared.dpsview.api import known_dps_router

routers = [known_dps_router(), regimes.router]

__all__ = ["routers"]
