"""The contracts service's HTTP API, one router per feature."""

from shared.dpsview.api import known_dps_router

routers = [known_dps_router()]

__all__ = ["routers"]
