"""Liveness and readiness probes for Kubernetes and the one-machine runner.

``/healthz`` answers "should this process be restarted?": it checks only that the process
answers. Never the broker (a NATS outage must not restart pods that are safely filling their
outbox) and never the database (an outage would restart every replica at once).
``/readyz`` answers "should traffic come here?": it checks that the database answers, and its
body also reports the broker connection and the outbox backlog, for a person looking.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from shared.clock import Clock
from shared.http.problems import problem_response

logger = logging.getLogger(__name__)

Backlog = Callable[[], Awaitable[dict[str, Any]]]


async def _no_backlog() -> dict[str, Any]:
    return {}


def health_router(
    *,
    database_ready: Callable[[], Awaitable[bool]],
    broker_connected: Callable[[], bool] = lambda: True,
    outbox_backlog: Backlog = _no_backlog,
    database_timeout_seconds: float = 2.0,
    clock: Clock | None = None,
) -> APIRouter:
    """Routes ``GET /healthz`` and ``GET /readyz``, left out of the OpenAPI schema."""
    router = APIRouter()

    @router.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        return JSONResponse({"status": "ok"})

    @router.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        try:
            # A hung database must not hang the probe: the orchestrator's own timeout
            # would then report a failure with no reason.
            ready = bool(await asyncio.wait_for(database_ready(), database_timeout_seconds))
        except Exception:
            logger.exception("database readiness check failed")
            ready = False
        try:
            broker = "connected" if broker_connected() else "disconnected"
        except Exception:
            broker = "disconnected"
        details: dict[str, Any] = {"database": "ok" if ready else "unavailable", "broker": broker}
        if clock is not None:
            # The service's own time: a local run's shared clock may have been moved.
            details["time"] = clock.now().isoformat()
        if ready:
            try:
                details["outbox"] = await asyncio.wait_for(
                    outbox_backlog(), database_timeout_seconds
                )
            except Exception:
                logger.exception("outbox backlog check failed")
            return JSONResponse({"status": "ok", **details})
        return problem_response(
            503, "database_unavailable", "The database does not answer.", extra=details
        )

    return router
