"""Smaller promises of the backbone: wake-up on commit, consumer settings on the server,
traceparent carried into the consumer, retention of sent rows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import nats
import pytest
from sqlalchemy import func, select, text, update

from shared.messaging.relay import purge_sent
from shared.messaging.tracing import current_traceparent, trace_id
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)

pytestmark = pytest.mark.nats


async def test_relay_is_woken_by_a_commit_not_only_by_polling(nats_server, database):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with probe_producer(
            producer_db, nats_server.url, relay_poll_seconds=60
        ) as producer, sink_consumer(sink_db, nats_server.url) as sink:
            await wait_for(lambda: _true(producer.broker_alive()))
            await asyncio.sleep(0.3)  # the relay is now asleep for a minute

            async def one_applied() -> bool:
                return await applied_count(sink) == 1

            await commit_events(producer, range(1))
            await wait_for(one_applied, timeout=5, what="the event, well before the next poll")


async def _true(value: bool) -> bool:
    return value


async def test_durable_consumer_has_explicit_ack_ack_wait_and_never_gives_up_by_itself(
    nats_server, database
):
    async with database("sink") as sink_db, sink_consumer(
        sink_db, nats_server.url, consumer_ack_wait_seconds=7, consumer_max_deliver=3
    ) as sink:
        await wait_for(lambda: _true(sink.broker_alive()))
        client = await nats.connect(nats_server.url)
        try:
            info = await client.jetstream().consumer_info("DPS", "sink-from-probe")
        finally:
            await client.close()
    assert str(getattr(info.config.ack_policy, "value", info.config.ack_policy)) == "explicit"
    assert info.config.ack_wait == 7
    # The server never drops an event after N deliveries (an outage could exhaust them):
    # the consumer's own bound (3 here) applies to bad events only.
    assert info.config.max_deliver == -1
    assert info.config.filter_subjects == ["dps.probe.>", "dps.replay.sink.probe.>"]


async def test_consumer_carries_the_events_traceparent_into_its_handler(nats_server, database):
    seen: list[str | None] = []

    async def note_trace(_: ProbeHappened) -> None:
        seen.append(current_traceparent.get())

    async with database("probe") as producer_db, database("sink") as sink_db:
        async with probe_producer(producer_db, nats_server.url) as producer, sink_consumer(
            sink_db, nats_server.url, behaviour=note_trace
        ):
            parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            token = current_traceparent.set(parent)
            try:
                await commit_events(producer, range(1))
            finally:
                current_traceparent.reset(token)
            await wait_for(lambda: _true(len(seen) == 1))
    assert seen[0] is not None
    assert trace_id(seen[0]) == "0af7651916cd43dd8448eb211c80319c"
    assert seen[0] != parent  # a new span of the same trace


async def test_sent_rows_are_kept_for_the_retention_period_then_purged(nats_server, database):
    async with database("probe") as producer_db, probe_producer(
        producer_db, nats_server.url
    ) as producer:
        await producer.relay.stop()
        await wait_for(lambda: _true(producer.broker_alive()))
        await commit_events(producer, range(3))
        assert await producer.relay.relay_once() == 3
        outbox = producer.outbox
        old = datetime.now(UTC) - timedelta(days=31)
        async with producer.session_factory() as session, session.begin():
            await session.execute(
                update(outbox).where(outbox.c.position == 1).values(sent_at=old)
            )
        await commit_events(producer, range(1))  # unsent: never purged
        purged = await purge_sent(
            producer.session_factory, outbox, datetime.now(UTC) - timedelta(days=30)
        )
        async with producer.session_factory() as session:
            left = await session.scalar(select(func.count()).select_from(outbox))
            unsent = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )
    assert purged == 1
    assert left == 3
    assert unsent == 1


async def test_inbox_rows_are_purged_after_a_retention_longer_than_the_duplicate_window(
    nats_server, database
):
    from uuid import uuid4

    from sqlalchemy import insert

    async with database("sink") as sink_db, sink_consumer(sink_db, nats_server.url) as sink:
        consumer = sink.consumers[0]
        inbox = sink.inbox
        now = datetime.now(UTC)
        old, recent = uuid4(), uuid4()
        async with sink.session_factory() as session, session.begin():
            for event_id, age in ((old, timedelta(hours=49)), (recent, timedelta(hours=25))):
                await session.execute(
                    insert(inbox).values(
                        consumer=consumer.durable,
                        event_id=event_id,
                        subject="dps.probe.happened.v1",
                        processed_at=now - age,
                    )
                )
        await consumer.sweep()
        async with sink.session_factory() as session:
            left = set((await session.execute(select(inbox.c.event_id))).scalars())
    assert left == {recent}  # 25 h: still inside the 48 h retention (over the 24 h window)


async def test_the_relay_marks_rows_sent_without_waiting_for_its_own_fsync(
    nats_server, database, backend
):
    """A mark lost to a database crash only sends those events again (dropped as
    duplicates), so on PostgreSQL the relay's own connection commits asynchronously; the
    use cases' and consumers' commits stay synchronous."""
    if backend != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    async with database("probe") as producer_db:
        async with probe_producer(producer_db, nats_server.url) as producer:
            await producer.relay.stop()
            await commit_events(producer, range(3), per_commit=3)
            assert await producer.relay.relay_once() == 3
            relays_own = producer.relay._own  # noqa: SLF001 (the relay's own connection)
            assert await relays_own.scalar(text("SHOW synchronous_commit")) == "off"
            async with producer.session_factory() as session:
                assert await session.scalar(text("SHOW synchronous_commit")) == "on"


async def test_rounds_asked_for_at_once_take_turns_on_the_relay_s_connection(
    nats_server, database
):
    """An operator's or a test's round may come while the relay's own is running: they
    share one connection (partly used on its driver), so they take turns, and every row
    is sent once."""
    async with database("probe") as producer_db:
        async with probe_producer(producer_db, nats_server.url) as producer:
            await producer.relay.stop()  # only the rounds asked for here
            await commit_events(producer, range(10))
            sent = await asyncio.gather(*(producer.relay.relay_once() for _ in range(4)))
            assert sum(sent) == 10
            outbox = producer.outbox
            async with producer.session_factory() as session:
                unsent = await session.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                )
            assert unsent == 0
