"""What every service gets from the kit at its edge: a body limit, problem+json for malformed
JSON, /docs without internet and with a bearer "Authorize", an AsyncAPI document of what it
publishes and consumes, probes that tell the truth, and local tokens only on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shared.events import registry as events
from tests.support.services import bearer, running_service


@pytest.fixture
async def registry(database) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:  # type: ignore[no-untyped-def]
    async with database("registry") as url, running_service(
        "registry", url, "nats://127.0.0.1:1", connect_nats=False, max_request_body_bytes=4096
    ) as running:
        yield running


def _problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:care-dps:problem:{code}"
    return body


async def test_a_request_body_over_the_limit_is_refused_with_413_before_it_is_read(registry):
    _, client = registry
    big = b'{"name": "' + b"x" * 5000 + b'"}'
    answer = await client.post("/dps", content=big, headers={
        **bearer("commissioner"), "content-type": "application/json"})
    body = _problem(answer, 413, "request_too_large")
    assert "4096 bytes" in body["detail"]


async def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(registry):
    _, client = registry

    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"name": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    answer = await client.post("/dps", content=chunks(), headers={
        **bearer("commissioner"), "content-type": "application/json"})
    _problem(answer, 413, "request_too_large")


@pytest.mark.parametrize("raw", [b"{not json", b'{"name": "x",}', b"\xff\xfe", b""])
async def test_malformed_json_gets_a_problem_like_any_other_bad_input(registry, raw):
    _, client = registry
    answer = await client.post("/dps", content=raw, headers={
        **bearer("commissioner"), "content-type": "application/json"})
    body = _problem(answer, 422, "invalid_input")
    assert body["errors"] and body["errors"][0]["field"].startswith("body")


async def test_docs_need_no_internet_and_offer_a_bearer_authorize(registry):
    _, client = registry
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs/assets/{asset}" in page.text
        served = await client.get(f"/docs/assets/{asset}")
        assert served.status_code == 200 and len(served.content) > 10_000
    openapi = (await client.get("/openapi.json")).json()
    assert openapi["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": openapi["components"]["securitySchemes"]["bearer"]["description"],
    }
    secured = openapi["paths"]["/dps/{dps_id}"]["get"]
    assert secured["security"] == [{"bearer": []}]


@pytest.mark.parametrize("service", ["calloff", "evaluation", "contracts"])
async def test_asyncapi_lists_every_event_a_service_consumes_with_its_schema(service, database):
    async with database(service) as url, running_service(
        service, url, "nats://127.0.0.1:1", connect_nats=False
    ) as (_, client):
        document = (await client.get("/asyncapi.json")).json()
    assert document["asyncapi"] == "3.0.0"
    received = {
        document["channels"][op["channel"]["$ref"].split("/")[-1]]["address"]
        for op in document["operations"].values() if op["action"] == "receive"
    }
    dps_events = {events.DpsOpened, events.DpsChanged, events.DpsClosed, events.LotOpened,
                  events.LotClosed, events.ReopeningWindowOpened, events.ReopeningWindowClosed}
    assert {e.subject_name for e in dps_events} <= received
    if service == "calloff":
        assert events.ProviderAdmitted.subject_name in received
        assert events.MembershipSuspended.subject_name in received
    schema = document["components"]["schemas"]["DpsOpened"]
    assert {"dps_id", "lots", "regime"} <= set(schema["properties"])
    assert "LotSummary" in document["components"]["schemas"]


async def test_asyncapi_of_the_registry_lists_what_it_publishes(registry):
    _, client = registry
    document = (await client.get("/asyncapi.json")).json()
    sent = {op["channel"]["$ref"].split("/")[-1] for op in document["operations"].values()
            if op["action"] == "send"}
    assert {"DpsOpened", "ProviderAdmitted", "MembershipRemoved"} <= sent


async def test_probes_and_the_broker_gauge_tell_the_truth_when_nats_is_away(database):
    async with database("calloff") as url, running_service(
        "calloff", url, "nats://127.0.0.1:1"  # nothing listens there
    ) as (_, client):
        assert (await client.get("/healthz")).status_code == 200
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert (body["database"], body["broker"]) == ("ok", "disconnected")
        assert body["outbox"] == {"unsent": 0, "oldest_unsent_at": None}
        metrics = (await client.get("/metrics")).text
        assert 'dps_broker_connected{service="calloff"} 0.0' in metrics


async def test_the_broker_gauge_is_one_when_connected(nats_server, database):
    from tests.messaging.harness import wait_for

    async with database("calloff") as url, running_service(
        "calloff", url, nats_server.url
    ) as (_, client):
        async def connected() -> bool:
            return (await client.get("/readyz")).json()["broker"] == "connected"

        await wait_for(connected, what="broker connected")
        metrics = (await client.get("/metrics")).text
        assert 'dps_broker_connected{service="calloff"} 1.0' in metrics


async def test_local_tokens_are_refused_off_loopback_unless_the_setting_says_so(database):
    headers = bearer("auditor")
    async with database("contracts") as url:
        async with running_service(
            "contracts", url, "nats://127.0.0.1:1", connect_nats=False
        ) as (app, _):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://10.1.2.3") as far:
                refused = await far.get("/dps", headers=headers)
            body = _problem(refused, 401, "http_401")
            assert "loopback" in body["detail"]
            async with httpx.AsyncClient(transport=transport, base_url="http://[::1]") as near:
                assert (await near.get("/dps", headers=headers)).status_code == 200
        async with running_service(
            "contracts", url, "nats://127.0.0.1:1", connect_nats=False,
            allow_local_auth_off_loopback=True,
        ) as (app, _):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://10.1.2.3") as far:
                assert (await far.get("/dps", headers=headers)).status_code == 200
