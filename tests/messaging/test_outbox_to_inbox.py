"""Outbox -> JetStream -> inbox on a real nats-server: order, headers, exactly-once effect."""

from __future__ import annotations

import pytest

from tests.messaging.harness import (
    applied_count,
    applied_rows,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.nats import stream_messages

pytestmark = pytest.mark.nats


async def test_committed_events_reach_the_consumer_in_order_with_cloudevents_headers(
    nats_server, database
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            events = await commit_events(producer, range(20))

            async def all_applied() -> bool:
                return await applied_count(sink) == 20

            await wait_for(all_applied, what="20 events applied")
            rows = await applied_rows(sink)
            assert [row.n for row in rows] == list(range(20))
            assert [row.event_id for row in rows] == [event.id for event in events]

    stored = [m for m in await stream_messages(nats_server.url, "dps.probe.>")]
    by_id = {m.headers.get("ce-id"): m for m in stored}
    first = by_id[str(events[0].id)]
    assert first.headers["ce-type"] == "dps.probe.happened.v1"
    assert first.headers["ce-source"] == "/care-dps/probe"
    assert first.headers["ce-specversion"] == "1.0"
    assert first.headers["Nats-Msg-Id"] == str(events[0].id)
    assert first.headers["traceparent"].startswith("00-")
    assert first.headers["ce-time"] == events[0].occurred_at.isoformat()
