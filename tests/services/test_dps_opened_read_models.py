"""Call-off, evaluation and contracts build their own read models from ``DpsOpened``."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from uuid import uuid4

import nats
import pytest

from shared.events.registry import DpsOpened, LotSummary
from shared.messaging.envelope import body_for, headers_for
from tests.messaging.harness import wait_for
from tests.support.services import bearer, running_service

pytestmark = pytest.mark.nats


def _dps_opened() -> DpsOpened:
    return DpsOpened(
        occurred_at=datetime.now(UTC),
        dps_id=uuid4(),
        name="Community Based Day Opportunities",
        regime="pcr2015_light_touch",
        service_category="day opportunities",
        buyer_organisations=["Staffordshire County Council"],
        starts_on=date(2020, 1, 6),
        initial_term_ends_on=date(2023, 1, 5),
        latest_end_on=date(2025, 1, 5),
        lots=[LotSummary(lot_id=uuid4(), code="1", title="Day opportunities")],
    )


async def _publish_twice(url: str, event: DpsOpened) -> None:
    """The same event twice, past JetStream's duplicate window: the inbox must drop it."""
    client = await nats.connect(url)
    js = client.jetstream()
    headers = headers_for(event, "/care-dps/registry")
    for copy in ("a", "b"):
        await js.publish(
            event.subject_name,
            body_for(event).encode(),
            headers={**headers, "Nats-Msg-Id": f"{event.id}-{copy}"},
        )
    await client.close()


async def test_downstream_services_record_an_opened_dps_once_each(nats_server, database):
    event = _dps_opened()
    reader = bearer("auditor")
    async with (
        database("calloff") as calloff_db,
        database("evaluation") as evaluation_db,
        database("contracts") as contracts_db,
    ):
        async with (
            running_service("calloff", calloff_db, nats_server.url) as (calloff_app, calloff),
            running_service("evaluation", evaluation_db, nats_server.url) as (_, evaluation),
            running_service("contracts", contracts_db, nats_server.url) as (_, contracts),
        ):
            await _publish_twice(nats_server.url, event)

            async def all_know_it() -> bool:
                answers = await asyncio.gather(
                    calloff.get(f"/dps/{event.dps_id}", headers=reader),
                    evaluation.get(f"/dps/{event.dps_id}/regime", headers=reader),
                    contracts.get(f"/dps/{event.dps_id}", headers=reader),
                )
                return all(a.status_code == 200 for a in answers)

            await wait_for(all_know_it, what="the three read models")
            framework = (await calloff.get(f"/dps/{event.dps_id}", headers=reader)).json()
            assert framework["lots"][0]["code"] == "1"
            assert framework["regime"] == "pcr2015_light_touch"
            regime = (await evaluation.get(f"/dps/{event.dps_id}/regime", headers=reader)).json()
            assert regime["regime"] == "pcr2015_light_touch"
            terms = (await contracts.get(f"/dps/{event.dps_id}", headers=reader)).json()
            assert terms["buyer_organisations"] == ["Staffordshire County Council"]
            assert terms["latest_end_on"] == "2025-01-05"

            # The second copy (past JetStream's duplicate window) was dropped by the inbox.
            async def duplicate_dropped() -> bool:
                return await _consumed(calloff, "duplicate") >= 1

            await wait_for(duplicate_dropped, what="the second copy dropped")


async def _consumed(client, outcome: str) -> float:  # type: ignore[no-untyped-def]
    wanted = f'consumer="calloff-from-registry",outcome="{outcome}"'
    for line in (await client.get("/metrics")).text.splitlines():
        if line.startswith("dps_events_consumed_total{") and wanted in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_read_model_refuses_unauthenticated_and_unknown(nats_server, database):
    async with (
        database("calloff") as url,
        running_service("calloff", url, nats_server.url) as (_, client),
    ):
        no_token = await client.get(f"/dps/{uuid4()}")
        assert no_token.status_code == 401
        assert no_token.headers["content-type"] == "application/problem+json"
        unknown = await client.get(f"/dps/{uuid4()}", headers=bearer("auditor"))
        assert unknown.status_code == 404
        assert unknown.json()["type"] == "urn:care-dps:problem:dps_not_known"


async def test_service_reports_health_readiness_and_documents_its_api(nats_server, database):
    async with (
        database("contracts") as url,
        running_service("contracts", url, nats_server.url) as (app, client),
    ):
        await wait_for(lambda: _ok(client, "/healthz"), what="the process answering")
        # A fresh connection to a busy PostgreSQL may miss one probe's short timeout:
        # readiness is a condition to wait for, not a moment.
        await wait_for(lambda: _ok(client, "/readyz"), what="the database answering")
        openapi = (await client.get("/openapi.json")).json()
        assert "/dps/{dps_id}" in openapi["paths"]
        asyncapi = (await client.get("/asyncapi.json")).json()
        assert any("registry" in name for name in asyncapi["channels"]) or asyncapi["operations"]


async def _ok(client, path: str) -> bool:  # type: ignore[no-untyped-def]
    return (await client.get(path)).status_code == 200
