"""The call-off service's HTTP API, one router per feature: parse -> handler -> XRead."""

from services.calloff.api import call_offs, invitees, members, operations, requirements
from shared.dpsview.api import known_dps_router

routers = [
    known_dps_router(),
    members.router,
    requirements.router,
    call_offs.router,
    invitees.router,
    operations.router,
]

__all__ = ["routers"]
