"""Over a real nats-server: the producers' events published into JetStream as their relays
would (versions per aggregate; the call-offs' and the contracts service's own before the
DPS's, and one event twice), and the releases out, in the feed and as ``ReleasePublished``
in JetStream, each once."""

from __future__ import annotations

import json

import nats
import pytest

from shared.clock import ManualClock
from shared.events.base import Event
from shared.events.evaluation import EvaluationCompleted
from shared.messaging.envelope import body_for, headers_for
from tests.contracts.api_support import KEEP_SENT_EVENTS
from tests.contracts.factories import START
from tests.messaging.harness import wait_for
from tests.support.nats import stream_messages
from tests.support.services import running_service

from .scenarios import dynamic_market, stamped
from .support import ocid

pytestmark = pytest.mark.nats


async def publish(url: str, *events: Event) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for event in events:
            headers = headers_for(event, f"/care-dps/{event.producer}")
            await js.publish(event.subject_name, body_for(event).encode(), headers=headers)
    finally:
        await client.close()


async def test_events_from_every_producer_in_any_order_make_the_feed_and_its_events(
    own_nats_server, database
):
    dps, big, events = dynamic_market()
    # Not the evaluation's result: this service's award code would act on it for real (and
    # publish its own award events), which is not what this test hand-builds.
    events = stamped([e for e in events if not isinstance(e, EvaluationCompleted)])
    registry = [e for e in events if e.producer == "registry"]
    others = [e for e in events if e.producer != "registry"]
    async with database("contracts") as url, running_service(
        "contracts", url, own_nats_server.url, clock=ManualClock(START),
        ocid_prefix="ocds-cdps01", **KEEP_SENT_EVENTS,
    ) as (app, client):
        await wait_for(lambda: _alive(app), what="the contracts service connected")
        await publish(own_nats_server.url, *others)
        await publish(own_nats_server.url, others[0])  # delivered twice
        await publish(own_nats_server.url, *registry)

        async def complete() -> bool:
            found = await client.get(f"/ocds/records/{ocid(big.call_off_id)}")
            parent = await client.get(f"/ocds/records/{ocid(dps.dps_id)}")
            if found.status_code != 200 or parent.status_code != 200:
                return False
            compiled = found.json()["records"][0]["compiledRelease"]
            ended = parent.json()["records"][0]["compiledRelease"]["tender"]["status"]
            contracts = compiled.get("contracts", [{}])
            summaries = compiled.get("awards", [{}])[0].get("assessmentSummariesDateSent")
            return (contracts[0].get("status") == "terminated" and ended == "complete"
                    and summaries is not None)

        await wait_for(complete, what="the call-off's record complete (its summaries too) and"
                                      " the DPS ended")

        async def sent() -> list[dict]:
            messages = await stream_messages(own_nats_server.url,
                                             "dps.contracts.release_published.v1")
            return [json.loads(m.data) for m in messages]

        async def feed() -> list[dict]:
            return (await client.get("/ocds/releases?limit=1000")).json()["releases"]

        async def all_sent() -> bool:
            return (len(await feed()) == len(events_by_process := await sent())
                    and len({e["release"]["id"] for e in events_by_process}) == len(
                        events_by_process))

        await wait_for(all_sent, what="every release in JetStream, once")
        released = await sent()
        assert sorted(e["release"]["id"] for e in released) == sorted(
            r["id"] for r in await feed())
        by_process: dict[str, list[int]] = {}
        for e in released:
            by_process.setdefault(e["aggregate_id"], []).append(e["aggregate_version"])
        assert all(v == list(range(1, len(v) + 1)) for v in by_process.values())
        types = {t for e in released for t in e["notice_types"]}
        assert {"UK4", "UK6", "UK7", "UK11", "UK13", "UK15", "UK16"} <= types


async def _alive(app) -> bool:  # type: ignore[no-untyped-def]
    return bool(app.state.runtime.broker_alive())
