"""The registry's HTTP API, one router per feature: parse -> handler -> XRead, no logic."""

from services.registry.api import applications, audit, dps, memberships, providers, public, setup

routers = [
    dps.router,
    setup.router,
    providers.router,
    applications.router,
    memberships.router,
    audit.router,
    public.router,
]

__all__ = ["routers"]
