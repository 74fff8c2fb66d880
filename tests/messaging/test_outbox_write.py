"""What a commit writes to the outbox: each event serialized once with its aggregate's next
version written into its text, and, for many events at once on PostgreSQL, rows taken from
the outbox's own sequence and handed to the relay exactly as stored, which sends them all in
one round however many there are (the batch bounds what a read of the store loads)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import select

from shared.bulk import COPY_FROM_ROWS
from shared.events.base import Event
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.metrics import metric_value

pytestmark = pytest.mark.nats


class NestedProbe(Event):
    """A test-only event whose later fields hold what the version's text looks like."""

    subject_name = "dps.probe.nested.v1"

    aggregate_type: str = "probe"
    note: str
    details: dict[str, int]


async def _applied(sink, count: int) -> bool:  # type: ignore[no-untyped-def]
    return await applied_count(sink) == count


async def _stored(producer):  # type: ignore[no-untyped-def]
    outbox = producer.outbox
    async with producer.session_factory() as session:
        return (
            await session.execute(
                select(outbox.c.position, outbox.c.payload).order_by(outbox.c.position)
            )
        ).all()


@pytest.mark.parametrize("per_commit", [1, 3, COPY_FROM_ROWS])
async def test_only_the_events_own_version_is_written_whatever_its_other_fields_hold(
    nats_server, database, per_commit
):
    aggregate = uuid4()
    async with database("probe") as url, probe_producer(url, nats_server.url) as producer:
        await producer.relay.stop()
        async with producer.uow() as uow:
            uow.publish(*[
                NestedProbe(
                    occurred_at=datetime.now(UTC), aggregate_id=aggregate,
                    note='"aggregate_version":0', details={"aggregate_version": 0},
                )
                for _ in range(per_commit)
            ])
            assert await uow.commit() == per_commit
        bodies = [json.loads(payload) for _, payload in await _stored(producer)]
    assert [b["aggregate_version"] for b in bodies] == list(range(1, per_commit + 1))
    assert all(b["details"] == {"aggregate_version": 0} for b in bodies)
    assert all(b["note"] == '"aggregate_version":0' for b in bodies)


async def test_many_events_in_one_commit_are_handed_to_the_relay_as_stored(
    nats_server, database, backend
):
    aggregate = uuid4()
    batch = COPY_FROM_ROWS + 20
    count = batch + 30  # more than a read of the store would load
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(
                producer_db, nats_server.url, relay_batch_size=batch, relay_poll_seconds=60
            ) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            # One event first, applied: the relay has read the store and is caught up.
            await commit_events(producer, range(1))
            await wait_for(lambda: _applied(sink, 1), timeout=30, what="the first event")
            handed = []
            original_wake = producer.relay.wake

            def wake(rows=()):  # type: ignore[no-untyped-def]
                handed.extend(rows)
                original_wake(rows)

            producer.relay.wake = wake  # type: ignore[method-assign]
            async with producer.uow() as uow:
                uow.publish(*[
                    ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=aggregate)
                    for n in range(count)
                ])
                await uow.commit()

            await wait_for(
                lambda: _applied(sink, count + 1), timeout=30, what="every event of the commit"
            )
            stored = (await _stored(producer))[1:]
            batches = metric_value(producer, "dps_outbox_atomic_batches_total")
    versions = [json.loads(payload)["aggregate_version"] for _, payload in stored]
    assert versions == list(range(1, count + 1))
    if backend != "postgresql":
        assert handed == []  # SQLite hands nothing: the relay reads
        return
    assert batches == 1  # one round, one atomic batch: not a batch's worth, then the rest
    assert [(row.position, row.payload) for row in handed] == [tuple(row) for row in stored]
    assert [row.headers["Nats-Msg-Id"] for row in handed] == [
        str(json.loads(payload)["id"]) for _, payload in stored
    ]


async def test_a_commit_bigger_than_a_read_leaves_in_one_round_when_the_relay_must_read(
    nats_server, database, backend
):
    """After a restart the relay reads the store first; what that read (one batch) left of
    a commit it was handed goes in the same round, not after another read."""
    if backend != "postgresql":
        pytest.skip("SQLite hands no rows: the relay reads them all")
    batch = COPY_FROM_ROWS + 20
    count = batch + 30
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url, relay_batch_size=batch) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            await producer.relay.stop()
            async with producer.uow() as uow:
                uow.publish(*[
                    ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=uuid4())
                    for n in range(count)
                ])
                await uow.commit()
            producer.relay.start()  # not caught up: it reads the store first
            await wait_for(lambda: _applied(sink, count), timeout=30, what="every event")
            batches = metric_value(producer, "dps_outbox_atomic_batches_total")
            stored = await _stored(producer)
    assert len(stored) == count
    assert batches == 1  # the read's batch and the rest in hand, in one round
