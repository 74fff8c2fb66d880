"""The contracts service's HTTP API, one router per feature: parse -> handler -> XRead."""

from services.contracts.api import (
    awards,
    contracts,
    delegation,
    placements,
    publication,
    spend,
)
from shared.dpsview.api import known_dps_router

routers = [
    known_dps_router(),
    awards.router,
    delegation.router,
    contracts.router,
    placements.router,
    spend.router,
    publication.router,
]

__all__ = ["routers"]
