"""A commit hands its outbox row to the relay, which sends it without reading it back; rows
it was not handed (another replica's) still leave within the poll interval."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from shared.messaging.envelope import body_for, headers_for
from tests.messaging.harness import (
    ProbeHappened,
    applied,
    applied_count,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)

pytestmark = pytest.mark.nats


async def test_handed_rows_leave_at_once_and_never_starve_rows_committed_elsewhere(
    nats_server, database, backend
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url, relay_poll_seconds=0.3) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            handed: list[int] = []
            original_wake = producer.relay.wake

            def wake(rows=()):  # type: ignore[no-untyped-def]
                handed.append(len(rows))
                original_wake(rows)

            producer.relay.wake = wake  # type: ignore[method-assign]
            stop = asyncio.Event()

            async def keep_committing() -> None:
                n = 0
                while not stop.is_set():
                    await commit_events(producer, range(n, n + 1))
                    n += 1
                    await asyncio.sleep(0.01)

            committing = asyncio.create_task(keep_committing())
            try:
                await asyncio.sleep(0.3)
                # Another replica's commit: written straight to the store, never handed here.
                elsewhere = ProbeHappened(occurred_at=datetime.now(UTC), n=-1)
                async with producer.session_factory() as session, session.begin():
                    await session.execute(
                        insert(producer.outbox).values(
                            event_id=elsewhere.id,
                            subject=elsewhere.subject_name,
                            payload=body_for(elsewhere),
                            headers=headers_for(elsewhere, "/care-dps/probe"),
                            created_at=datetime.now(UTC),
                        )
                    )

                async def arrived() -> bool:
                    async with sink.session_factory() as session:
                        found = await session.scalar(
                            select(applied.c.n).where(applied.c.event_id == elsewhere.id)
                        )
                    return found is not None

                await wait_for(arrived, timeout=10, what="the row committed elsewhere")
            finally:
                stop.set()
                await committing
            total = len(handed)

            async def all_applied() -> bool:
                return await applied_count(sink) == total + 1

            await wait_for(all_applied, timeout=30, what="every event applied once")
    if backend == "postgresql":
        assert set(handed) == {1}  # each one-event commit handed its row
    else:
        assert set(handed) == {0}  # SQLite hands nothing: the relay reads
