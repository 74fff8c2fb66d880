"""The relay sends what has piled up as JetStream atomic batches (one fsync for up to 1,000
events) and, whenever a batch is refused whole, sends its events one message each."""

from __future__ import annotations

from datetime import UTC, datetime

import nats
import pytest
from sqlalchemy import func, select, update

from shared.messaging.pipelined import ATOMIC_LIMIT, Outgoing, PipelinedPublisher
from shared.messaging.stream import stream_config
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    applied_rows,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.metrics import metric_value
from tests.support.nats import NatsServer

pytestmark = pytest.mark.nats
SUBJECT = ProbeHappened.subject_name


async def _stored(url: str) -> int:
    client = await nats.connect(url)
    try:
        info = await client.jetstream().stream_info("DPS", subjects_filter=SUBJECT)
        return int((info.state.subjects or {}).get(SUBJECT, 0))
    finally:
        await client.close()


async def _unsent(runtime) -> int:  # type: ignore[no-untyped-def]
    outbox = runtime.outbox
    async with runtime.session_factory() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )
            or 0
        )


async def test_a_pile_of_events_leaves_in_atomic_batches_and_arrives_once(nats_server, database):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with probe_producer(
            producer_db, nats_server.url, relay_batch_size=2500
        ) as producer:
            await producer.relay.stop()
            events = await commit_events(producer, range(2500), per_commit=500)
            assert await producer.relay.relay_once() == 2500
            assert metric_value(producer, "dps_outbox_atomic_batches_total") == 3  # 1000+1000+500
            assert metric_value(producer, "dps_outbox_atomic_refused_total") == 0
            assert await _stored(nats_server.url) == 2500
            assert await _unsent(producer) == 0
        async with sink_consumer(sink_db, nats_server.url) as sink:

            async def all_applied() -> bool:
                return await applied_count(sink) == 2500

            await wait_for(all_applied, timeout=60, what="2500 events applied")
            rows = await applied_rows(sink)
            assert sorted(r.event_id for r in rows) == sorted(e.id for e in events)


async def test_a_batch_sent_again_after_a_crash_is_refused_whole_then_stored_once(
    nats_server, database
):
    """The relay died after the PubAck and before marking the rows sent: the next round
    sends them again; the stream refuses the batch (its ids are duplicates), and the rows
    sent one by one are dropped as duplicates: stored once, all marked sent."""
    async with database("probe") as producer_db:
        async with probe_producer(producer_db, nats_server.url, relay_batch_size=1000) as producer:
            await producer.relay.stop()
            await commit_events(producer, range(300), per_commit=300)
            assert await producer.relay.relay_once() == 300
            async with producer.session_factory() as session, session.begin():
                await session.execute(update(producer.outbox).values(sent_at=None))  # "crash"
            assert await producer.relay.relay_once() == 300
            assert metric_value(producer, "dps_outbox_atomic_refused_total") == 1
            assert await _stored(nats_server.url) == 300
            assert await _unsent(producer) == 0
            await commit_events(producer, range(300, 310), per_commit=10)
            assert await producer.relay.relay_once() == 10
            assert metric_value(producer, "dps_outbox_atomic_batches_total") == 2  # still batching


async def test_a_stream_without_atomic_batches_gets_one_message_per_event(
    own_nats_server: NatsServer, database
):
    client = await nats.connect(own_nats_server.url)
    try:
        config = stream_config()
        config.allow_atomic = False
        await client.jetstream().update_stream(config)
    finally:
        await client.close()
    async with database("probe") as producer_db:
        async with probe_producer(producer_db, own_nats_server.url) as producer:
            await producer.relay.stop()
            await commit_events(producer, range(50), per_commit=50)
            assert await producer.relay.relay_once() == 50
            await commit_events(producer, range(50, 80), per_commit=30)
            assert await producer.relay.relay_once() == 30
            assert metric_value(producer, "dps_outbox_atomic_batches_total") == 0
            assert await _stored(own_nats_server.url) == 80
            assert await _unsent(producer) == 0


async def test_an_atomic_batch_holds_two_to_a_thousand_messages(nats_server) -> None:
    client = await nats.connect(nats_server.url)
    try:
        publisher = PipelinedPublisher(client, "DPS")
        one = Outgoing(SUBJECT, b"{}", {})
        for size in (1, ATOMIC_LIMIT + 1):
            with pytest.raises(ValueError, match="2 to 1000"):
                await publisher.send_atomic([one] * size)
        messages = [
            Outgoing(SUBJECT, b"{}", {"Nats-Msg-Id": f"atomic-{n}-{datetime.now(UTC)}"})
            for n in range(ATOMIC_LIMIT)
        ]
        [ack] = await publisher.collect([await publisher.send_atomic(messages)], 10)
        assert not isinstance(ack, BaseException), ack
        assert ack.batch_size == ATOMIC_LIMIT
    finally:
        await client.close()
