"""The call-off service's HTTP API, one router per feature: parse -> handler -> XRead."""

from services.calloff.api import members
from shared.dpsview.api import known_dps_router

routers = [known_dps_router(), members.router]

__all__ = ["routers"]
