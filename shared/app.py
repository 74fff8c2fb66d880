"""The FastAPI application around a ``ServiceRuntime``: one lifespan, shared HTTP habits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from faststream.specification import AsyncAPI

from shared.http.health import health_router
from shared.http.metrics import install_metrics
from shared.http.problems import install_problem_handlers
from shared.logs import configure_logging
from shared.messaging.tracing import current_traceparent, is_valid, new_traceparent
from shared.runtime import ServiceRuntime


def service_app(
    runtime: ServiceRuntime[Any],
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    version: str = "0.1.0",
) -> FastAPI:
    configure_logging()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.auth_config = runtime.settings.auth_config()
    install_problem_handlers(app)
    install_metrics(app, runtime.service, runtime.metrics_registry)
    app.include_router(
        health_router(broker_alive=runtime.broker_alive, database_ready=runtime.database_ready)
    )
    for router in routers:
        app.include_router(router)

    @app.middleware("http")
    async def carry_traceparent(request: Request, call_next: Any) -> Response:
        incoming = request.headers.get("traceparent")
        token = current_traceparent.set(new_traceparent(incoming if is_valid(incoming) else None))
        try:
            response: Response = await call_next(request)
        finally:
            current_traceparent.reset(token)
        return response

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> Response:
        spec = AsyncAPI(runtime.broker, title=f"{title} events", version=version)
        return Response(spec.to_specification().to_json(), media_type="application/json")

    return app
