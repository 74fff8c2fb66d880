"""One hop through the backbone: outbox commit -> relay -> JetStream -> consumer effect committed.

Measures, on a nats-server of its own (sync_interval: always) and the database named by
DATABASE_URL (else SQLite):
- latency: events committed one at a time at a steady pace; p50/p99/max of (consumer's commit
  of the effect - producer's commit of the event);
- throughput: a burst committed at once; events per second from the first commit to the last
  effect committed.

    python -m bench.one_hop --events 1000 --pace 100 --burst 2000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from shared.natsserver import NatsServer
from shared.uow import UnitOfWork
from tests.messaging import harness
from tests.support.databases import backend_name, fresh_database
from tests.support.nats import prepare_stream

applied_at: dict[UUID, float] = {}


class TimedUnitOfWork(UnitOfWork):
    """Notes when the transaction that applied an event has committed."""

    _applying: UUID | None = None

    async def mark_applied(self, consumer, event_id, subject, at):  # type: ignore[no-untyped-def]
        self._applying = event_id
        await super().mark_applied(consumer, event_id, subject, at)

    async def commit(self):  # type: ignore[no-untyped-def]
        events = await super().commit()
        if self._applying is not None:
            applied_at[self._applying] = time.perf_counter()
        return events


async def _wait_all(ids: list[UUID], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while any(i not in applied_at for i in ids):
        if time.perf_counter() > deadline:
            missing = sum(i not in applied_at for i in ids)
            raise SystemExit(f"{missing} events not applied within {timeout}s")
        await asyncio.sleep(0.002)


async def _commit_one(producer, n: int) -> tuple[UUID, float]:  # type: ignore[no-untyped-def]
    event = harness.ProbeHappened(occurred_at=datetime.now(UTC), n=n)
    async with producer.uow() as uow:
        uow.publish(event)
        await uow.commit()
    return event.id, time.perf_counter()


async def _timed_sink(database_url: str, nats_url: str):  # type: ignore[no-untyped-def]
    sink = harness.ServiceRuntime(
        settings=harness.settings("sink", database_url, nats_url),
        metadata=harness.metadata,
        uow_class=TimedUnitOfWork,
    )
    await harness.create_tables(sink)

    async def apply(event, uow):  # type: ignore[no-untyped-def]
        row = {"event_id": event.id, "n": event.n, "replica": "a"}
        await uow.session.execute(harness.insert(harness.applied).values(**row))

    sink.consumer("probe").on(harness.ProbeHappened)(apply)
    await sink.start()
    return sink


async def measure_latency(producer, events: int, pace: float) -> None:  # type: ignore[no-untyped-def]
    committed: dict[UUID, float] = {}
    for n in range(events):
        event_id, at = await _commit_one(producer, n)
        committed[event_id] = at
        await asyncio.sleep(1.0 / pace)
    await _wait_all(list(committed), timeout=120)
    latencies = sorted((applied_at[i] - committed[i]) * 1000 for i in committed)
    q = statistics.quantiles(latencies, n=100)
    print(f"backend={backend_name()} events={events} pace={pace}/s")
    print(f"one-hop latency ms: p50={q[49]:.1f} p99={q[98]:.1f} max={latencies[-1]:.1f}")


async def measure_throughput(producer, burst: int) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    events = await harness.commit_events(producer, range(burst), per_commit=1)
    commit_seconds = time.perf_counter() - started
    await _wait_all([e.id for e in events], timeout=600)
    total = time.perf_counter() - started
    print(f"burst={burst}: committed in {commit_seconds:.2f}s, all applied in {total:.2f}s")
    print(f"throughput: {burst / total:.0f} events/s end to end")


async def main(events: int, pace: float, burst: int) -> None:
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = NatsServer(tmp / "nats")
        server.start()
        stack.callback(server.stop)
        await prepare_stream(server.url)
        producer_db = await stack.enter_async_context(fresh_database(tmp, "bench_probe"))
        sink_db = await stack.enter_async_context(fresh_database(tmp, "bench_sink"))
        producer = await stack.enter_async_context(
            harness.probe_producer(producer_db, server.url, relay_poll_seconds=1.0)
        )
        sink = await _timed_sink(sink_db, server.url)
        stack.push_async_callback(sink.stop)
        await asyncio.sleep(1.0)  # let the consumer attach
        await measure_latency(producer, events, pace)
        await measure_throughput(producer, burst)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--pace", type=float, default=100.0, help="events per second for latency")
    parser.add_argument("--burst", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.pace, args.burst))
