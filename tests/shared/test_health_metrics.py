"""Probes tell the orchestrator the truth, and metrics label requests by route template."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, FastAPI
from prometheus_client import CONTENT_TYPE_LATEST

from shared.http.health import health_router
from shared.http.metrics import install_metrics
from shared.http.problems import install_problem_handlers


def make_app(*, broker: bool = True, database: bool | None = True) -> FastAPI:
    async def database_ready() -> bool:
        if database is None:
            raise ConnectionError("connection refused")
        return database

    async def backlog() -> dict[str, object]:
        return {"unsent": 3, "oldest_unsent_at": "2026-11-02T09:00:00+00:00"}

    app = FastAPI()
    install_problem_handlers(app)
    registry = install_metrics(app, "registry")
    app.include_router(
        health_router(
            database_ready=database_ready, broker_connected=lambda: broker, outbox_backlog=backlog
        )
    )
    dps = APIRouter(prefix="/dps")

    @dps.get("/{dps_id}")
    async def get_dps(dps_id: str) -> dict[str, str]:
        return {"id": dps_id}

    app.include_router(dps)
    assert app.state.metrics_registry is registry
    return app


async def get(app: FastAPI, *paths: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [await client.get(path) for path in paths]


async def test_healthz_is_ok_when_the_process_answers():
    [response] = await get(make_app(), "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_healthz_stays_ok_when_the_broker_is_down_so_no_pod_is_restarted_for_it():
    [response] = await get(make_app(broker=False), "/healthz")
    assert response.status_code == 200


async def test_healthz_ignores_the_database():
    [response] = await get(make_app(database=False), "/healthz")
    assert response.status_code == 200


async def test_readyz_is_ok_when_the_database_answers_and_reports_broker_and_backlog():
    [response] = await get(make_app(broker=False), "/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "disconnected",
        "outbox": {"unsent": 3, "oldest_unsent_at": "2026-11-02T09:00:00+00:00"},
    }


async def test_readyz_is_503_problem_when_the_database_says_no_or_fails():
    for database in (False, None):
        [response] = await get(make_app(database=database), "/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["type"] == "urn:care-dps:problem:database_unavailable"
        assert body["database"] == "unavailable" and body["broker"] == "connected"


async def test_readyz_is_503_when_the_database_hangs():
    async def hangs() -> bool:
        await asyncio.sleep(60)
        return True

    app = FastAPI()
    app.include_router(health_router(database_ready=hangs, database_timeout_seconds=0.05))
    [response] = await get(app, "/readyz")
    assert response.status_code == 503


def test_probes_and_metrics_are_not_in_the_openapi_schema():
    paths = make_app().openapi()["paths"]
    assert sorted(paths) == ["/dps/{dps_id}"]


def sample(app: FastAPI, name: str, labels: dict[str, str]) -> float | None:
    return app.state.metrics_registry.get_sample_value(name, labels)


async def test_metrics_count_requests_by_route_template_not_raw_path():
    app = make_app()
    await get(app, "/dps/abc", "/dps/xyz", "/no/such/path")
    labels = {"service": "registry", "method": "GET", "route": "/dps/{dps_id}", "status": "200"}
    assert sample(app, "dps_http_requests_total", labels) == 2.0
    unmatched = {**labels, "route": "<unmatched>", "status": "404"}
    assert sample(app, "dps_http_requests_total", unmatched) == 1.0
    assert sample(app, "dps_http_requests_total", {**labels, "route": "/dps/abc"}) is None
    timing = {"service": "registry", "method": "GET", "route": "/dps/{dps_id}"}
    assert sample(app, "dps_http_request_duration_seconds_count", timing) == 2.0


async def test_metrics_endpoint_serves_the_text_exposition():
    app = make_app()
    _, response = await get(app, "/dps/abc", "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE_LATEST
    assert (
        'dps_http_requests_total{method="GET",route="/dps/{dps_id}",service="registry",'
        'status="200"} 1.0' in response.text
    )


async def test_two_apps_in_one_process_keep_separate_registries():
    first, second = make_app(), make_app()
    await get(first, "/dps/abc")
    labels = {"service": "registry", "method": "GET", "route": "/dps/{dps_id}", "status": "200"}
    assert sample(first, "dps_http_requests_total", labels) == 1.0
    assert sample(second, "dps_http_requests_total", labels) is None


async def test_metrics_count_an_unhandled_error_as_500():
    app = make_app()

    @app.get("/boom/{n}")
    async def boom(n: int) -> None:
        raise RuntimeError("bug")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/boom/1")).status_code == 500
    labels = {"service": "registry", "method": "GET", "route": "/boom/{n}", "status": "500"}
    assert sample(app, "dps_http_requests_total", labels) == 1.0
