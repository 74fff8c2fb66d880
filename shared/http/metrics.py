"""Prometheus metrics: request counts and latency per route, and ``GET /metrics``.

Each app gets its own ``CollectorRegistry`` (stored on ``app.state.metrics_registry``) because
several apps share one process in tests and in the one-machine runner, and the global default
registry would refuse the second app's metrics. The outbox relay and consumers register
their own collectors on the same registry.

Routes are labelled by template (``/dps/{dps_id}``), never the raw path, and unmatched paths
share one label, so a scanner cannot blow up the number of time series.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED_ROUTE = "<unmatched>"


class _RequestMetrics:
    """Pure ASGI middleware (not BaseHTTPMiddleware, which buffers and breaks contextvars)."""

    def __init__(
        self, app: ASGIApp, *, service: str, requests: Counter, duration: Histogram
    ) -> None:
        self.app = app
        self.service = service
        self.requests = requests
        self.duration = duration
        # The labelled children, found once each (``labels`` takes a lock and builds a key).
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # if the app raises before starting a response, the client sees a 500
        started = time.perf_counter()

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            # The router writes the matched route into the shared scope on the way in.
            route = getattr(scope.get("route"), "path_format", None) or UNMATCHED_ROUTE
            method = scope["method"]
            counted = self._counted.get((method, route, status))
            if counted is None:
                counted = self._counted[(method, route, status)] = self.requests.labels(
                    self.service, method, route, str(status)
                )
            timed = self._timed.get((method, route))
            if timed is None:
                timed = self._timed[(method, route)] = self.duration.labels(
                    self.service, method, route
                )
            counted.inc()
            timed.observe(time.perf_counter() - started)


def install_metrics(
    app: FastAPI, service: str, registry: CollectorRegistry | None = None
) -> CollectorRegistry:
    """Count and time every request, serve ``GET /metrics``; return the app's registry.

    Pass the service's own registry so the relay's and consumers' metrics are served too.
    """
    if getattr(app.state, "metrics_registry", None) is not None:
        raise RuntimeError("metrics are already installed on this app")
    registry = registry if registry is not None else CollectorRegistry()
    requests = Counter(
        "dps_http_requests_total",
        "HTTP requests handled, by route template and status.",
        ["service", "method", "route", "status"],
        registry=registry,
    )
    duration = Histogram(
        "dps_http_request_duration_seconds",
        "Time to handle an HTTP request, by route template.",
        ["service", "method", "route"],
        registry=registry,
    )
    app.add_middleware(_RequestMetrics, service=service, requests=requests, duration=duration)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.state.metrics_registry = registry
    return registry
