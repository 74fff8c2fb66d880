"""The FastAPI application around a ``ServiceRuntime``: one lifespan, shared HTTP habits.

Every service gets the same edge: problem+json errors, pure ASGI middleware (trace context,
request metrics, a request-body limit), ``/docs`` served without internet with a bearer
"Authorize", ``/asyncapi.json`` of the events it publishes and consumes, ``/healthz``,
``/readyz`` and ``/metrics`` (with ``dps_broker_connected``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from prometheus_client import Gauge
from sqlalchemy import func, select

from shared.heap import settle_after_start
from shared.http.asyncapi import asyncapi_document
from shared.http.docs import install_docs
from shared.http.health import health_router
from shared.http.metrics import install_metrics
from shared.http.middleware import BodySizeLimit, TraceparentMiddleware
from shared.http.problems import install_problem_handlers
from shared.logs import configure_logging
from shared.messaging.outbox_rows import waiting
from shared.runtime import ServiceRuntime


def service_app(
    runtime: ServiceRuntime[Any],
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    version: str = "0.1.0",
) -> FastAPI:
    """The app of one service; raises ``MisconfiguredService`` (one line) on unusable settings."""
    configure_logging()
    settings = runtime.settings
    auth_config = settings.auth_config()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        settle_after_start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.auth_config = auth_config
    install_problem_handlers(app)
    # Added last runs first: trace context, then metrics, then the body limit.
    app.add_middleware(BodySizeLimit, limit=settings.max_request_body_bytes)
    install_metrics(app, runtime.service, runtime.metrics_registry)
    app.add_middleware(TraceparentMiddleware)
    install_docs(app, title)
    Gauge(
        "dps_broker_connected",
        "1 while the service is connected to NATS, else 0.",
        ["service"],
        registry=runtime.metrics_registry,
    ).labels(runtime.service).set_function(lambda: 1.0 if broker_connected(runtime) else 0.0)
    app.include_router(
        health_router(
            database_ready=runtime.database_ready,
            broker_connected=lambda: broker_connected(runtime),
            outbox_backlog=lambda: outbox_backlog(runtime),
            clock=runtime.clock,
        )
    )
    for router in routers:
        app.include_router(router)

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> JSONResponse:
        return JSONResponse(
            asyncapi_document(
                title=f"{title} events",
                version=version,
                description=description,
                publishes=runtime.published,
                consumes=[e for consumer in runtime.consumers for e in consumer.events],
            )
        )

    return app


def broker_connected(runtime: ServiceRuntime[Any]) -> bool:
    """Connected to NATS now (a service told not to connect never is)."""
    return runtime.settings.connect_nats and runtime.broker_alive()


async def outbox_backlog(runtime: ServiceRuntime[Any]) -> dict[str, Any]:
    """Events committed but not yet acknowledged by the broker, and the oldest one's age."""
    outbox = runtime.outbox
    query = select(func.count(), func.min(outbox.c.created_at)).where(*waiting(outbox))
    async with runtime.engine.connect() as connection:
        unsent, oldest = (await connection.execute(query)).one()
    return {"unsent": int(unsent or 0), "oldest_unsent_at": oldest.isoformat() if oldest else None}
