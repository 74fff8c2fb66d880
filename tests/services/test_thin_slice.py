"""The backbone's thin slice through HTTP: the registry records and opens a DPS, publishes
``DpsOpened`` through its outbox, and the three other services learn of it. Bad input on it
gets problem+json and changes nothing."""

from __future__ import annotations

import asyncio
import json
import time

import jwt
import pytest
from sqlalchemy import func, select

from shared.demo import examples
from tests.messaging.harness import wait_for
from tests.support.nats import stream_messages
from tests.support.services import TEST_JWT_SECRET, bearer, running_service

pytestmark = pytest.mark.nats

EXAMPLE = examples.load("staffordshire-day-opportunities")
TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


async def test_dps_set_up_and_opened_at_the_registry_reaches_the_other_services(
    nats_server, database
):
    commissioner = bearer("commissioner")
    async with database("registry") as registry_db, database("calloff") as calloff_db, \
            database("evaluation") as evaluation_db, database("contracts") as contracts_db:
        async with running_service("registry", registry_db, nats_server.url) as (_, registry), \
                running_service("calloff", calloff_db, nats_server.url) as (_, calloff), \
                running_service("evaluation", evaluation_db, nats_server.url) as (_, evaluation), \
                running_service("contracts", contracts_db, nats_server.url) as (_, contracts):
            created = await registry.post("/dps", json=EXAMPLE, headers=commissioner)
            assert created.status_code == 201, created.text
            dps_id = created.json()["id"]
            assert created.headers["location"] == f"/dps/{dps_id}"
            opened = await registry.post(
                f"/dps/{dps_id}/open", headers={**commissioner, "traceparent": TRACE}
            )
            assert opened.status_code == 200, opened.text

            async def everyone_knows() -> bool:
                answers = await asyncio.gather(
                    calloff.get(f"/dps/{dps_id}", headers=commissioner),
                    evaluation.get(f"/dps/{dps_id}/regime", headers=commissioner),
                    contracts.get(f"/dps/{dps_id}", headers=commissioner),
                )
                return all(a.status_code == 200 for a in answers)

            await wait_for(everyone_knows, what="DpsOpened in the three read models")
            lots = (await calloff.get(f"/dps/{dps_id}", headers=commissioner)).json()["lots"]
            assert [lot["code"] for lot in lots] == ["DO"]
            buyers = (await contracts.get(f"/dps/{dps_id}", headers=commissioner)).json()
            assert buyers["buyer_organisations"] == ["Staffordshire County Council"]

    stored = [m for m in await stream_messages(nats_server.url, "dps.registry.dps_opened.v1")
              if json.loads(m.data)["dps_id"] == dps_id]
    assert len(stored) == 1
    assert stored[0].headers["traceparent"].split("-")[1] == TRACE.split("-")[1]
    assert stored[0].headers["ce-source"] == "/care-dps/registry"


def _token_with_unknown_role() -> dict[str, str]:
    now = int(time.time())
    claims = {"sub": "x", "org": "staffordshire-cc", "roles": ["mayor"], "iss": "care-dps",
              "aud": "care-dps", "iat": now, "exp": now + 600}
    return {"Authorization": f"Bearer {jwt.encode(claims, TEST_JWT_SECRET, 'HS256')}"}


def _without(body: dict, field: str) -> dict:
    return {k: v for k, v in body.items() if k != field}


BAD_REQUESTS = {
    "missing name": (lambda: _without(EXAMPLE, "name"), bearer("commissioner"), 422),
    "missing regime": (lambda: _without(EXAMPLE, "regime"), bearer("commissioner"), 422),
    "term months not a number": (
        lambda: {**EXAMPLE, "initial_term_months": "three years"}, bearer("commissioner"), 422),
    "start not a date": (lambda: {**EXAMPLE, "starts_on": "soon"}, bearer("commissioner"), 422),
    "unknown regime": (lambda: {**EXAMPLE, "regime": "whatever"}, bearer("commissioner"), 422),
    "role that may not set up a DPS": (lambda: EXAMPLE, bearer("practitioner"), 403),
    "provider": (lambda: EXAMPLE, bearer("provider"), 403),
    "unknown role": (lambda: EXAMPLE, _token_with_unknown_role(), 401),
    "no token": (lambda: EXAMPLE, {}, 401),
    "garbage token": (lambda: EXAMPLE, {"Authorization": "Bearer not.a.jwt"}, 401),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
async def test_bad_input_on_the_thin_slice_gets_problem_json_and_changes_nothing(
    case, nats_server, database
):
    body, headers, status = BAD_REQUESTS[case]
    async with database("registry") as url, running_service(
        "registry", url, nats_server.url
    ) as (app, registry):
        answer = await registry.post("/dps", json=body(), headers=headers)
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["status"] == status
        assert problem["type"].startswith("urn:care-dps:problem:")
        assert problem["detail"]
        listed = await registry.get("/dps", headers=bearer("auditor"))
        assert listed.json()["items"] == []
        runtime = app.state.runtime
        async with runtime.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(runtime.outbox)) == 0
