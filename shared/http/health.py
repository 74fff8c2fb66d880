"""Liveness and readiness probes for Kubernetes and the one-machine runner.

``/healthz`` answers "should this process be restarted?": it checks only the process and its
broker connection, never the database, so a database outage does not restart every replica.
``/readyz`` answers "should traffic come here?": it checks that the database answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from shared.http.problems import problem_response

logger = logging.getLogger(__name__)


def health_router(
    *,
    broker_alive: Callable[[], bool],
    database_ready: Callable[[], Awaitable[bool]],
    database_timeout_seconds: float = 2.0,
) -> APIRouter:
    """Routes ``GET /healthz`` and ``GET /readyz``, left out of the OpenAPI schema."""
    router = APIRouter()

    @router.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        try:
            alive = bool(broker_alive())
        except Exception:
            logger.exception("broker liveness check failed")
            alive = False
        if alive:
            return JSONResponse({"status": "ok"})
        return problem_response(
            503, "broker_unavailable", "The message broker connection is down."
        )

    @router.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        try:
            # A hung database must not hang the probe: the orchestrator's own timeout
            # would then report a failure with no reason.
            ready = bool(await asyncio.wait_for(database_ready(), database_timeout_seconds))
        except Exception:
            logger.exception("database readiness check failed")
            ready = False
        if ready:
            return JSONResponse({"status": "ok"})
        return problem_response(503, "database_unavailable", "The database does not answer.")

    return router
