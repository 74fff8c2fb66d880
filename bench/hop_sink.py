"""The consuming end of one hop, in the bench's process or in one of its own.

The project's end is a service (``ServiceRuntime``, with a deployed service's timings) whose
handler INSERTs the effect with a Core statement built once, and whose unit of work notes
when the transaction that applied an event has committed. The floor's end is
``bench.floor.Floor``'s pull consumer. Either can run in a process of its own
(``bench.one_hop --processes 2``), as a consuming service is deployed: the child sends
back, every couple of milliseconds, when each event was applied (``time.perf_counter``,
the system's monotonic clock, which both processes read alike).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from multiprocessing.connection import Connection
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Integer, MetaData, Table, Uuid, insert

from bench import harness
from bench.floor import Floor
from shared.heap import settle_after_start
from shared.uow import UnitOfWork

#: The effect a handler writes, the floor's row (``bench.floor``: the event's id as its
#: key, and its number): the same work at both ends. (A key the database generates would
#: have SQLAlchemy read it back, ``RETURNING``, on every insert: work the floor never does.)
EFFECTS = Table(
    "effects",
    MetaData(),
    Column("event_id", Uuid, primary_key=True),
    Column("n", Integer, nullable=False),
)
_RECORD = insert(EFFECTS)


async def record_effect(event: harness.ProbeHappened, uow: UnitOfWork) -> None:
    """The handler's work, as a handler on a hot path writes it: a Core statement built
    once, run through the unit of work's session (the floor's consumer INSERTs its effect
    the same way)."""
    await uow.session.execute(_RECORD, {"event_id": event.id, "n": event.n})


#: When each event's effect was committed, by event id as text (the project's end).
applied_at: dict[str, float] = {}

READY_SECONDS = 120.0
SEND_EVERY = 0.002


class TimedUnitOfWork(UnitOfWork):
    """Notes when the transaction that applied an event has committed."""

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        self.touched: list[UUID] = []
        return await super().__aenter__()

    async def commit(self):  # type: ignore[no-untyped-def]
        events = await super().commit()
        done = time.perf_counter()
        for event_id in self.touched:
            applied_at[str(event_id)] = done
        return events


async def project_sink(stack: AsyncExitStack, sink_db: str, url: str) -> Any:
    """The consuming service, started; its applied events land in ``applied_at``."""
    sink = harness.ServiceRuntime(
        settings=harness.settings("sink", sink_db, url, timed_for_tests=False),
        metadata=harness.metadata,
        uow_class=TimedUnitOfWork,
    )
    await harness.create_tables(sink)
    async with sink.engine.begin() as connection:
        await connection.run_sync(EFFECTS.metadata.create_all)

    async def apply(event, uow):  # type: ignore[no-untyped-def]
        await record_effect(event, uow)
        uow.touched.append(event.id)

    sink.consumer("probe").on(harness.ProbeHappened)(apply)
    await sink.start()
    stack.push_async_callback(sink.stop)
    return sink


async def floor_sink(stack: AsyncExitStack, sink_db: str, url: str) -> Floor:
    floor = Floor(None, sink_db, url)
    await floor.start()
    stack.push_async_callback(floor.stop)
    return floor


async def started(stack: AsyncExitStack, kind: str, sink_db: str, url: str) -> dict[str, float]:
    """Start the ``kind`` end (``project`` or ``floor``) and let its consumer attach; the
    dict it fills in with when it applied each event."""
    if kind == "project":
        sink = await project_sink(stack, sink_db, url)
        await harness.wait_for(broker_alive(sink), what="broker connected")
        applied = applied_at
    else:
        applied = (await floor_sink(stack, sink_db, url)).applied_at
    await asyncio.sleep(0.5)  # let the consumer attach
    return applied


# The end in a process of its own -------------------------------------------------------------
def serve(kind: str, sink_db: str, url: str, pipe: Connection) -> None:
    """The child process: run the ``kind`` end until told to stop, sending back (in
    batches) each event id with when it was applied."""
    asyncio.run(_serve(kind, sink_db, url, pipe))


async def _serve(kind: str, sink_db: str, url: str, pipe: Connection) -> None:
    settle_after_start()  # as every service process does once started
    async with AsyncExitStack() as stack:
        applied = await started(stack, kind, sink_db, url)
        pipe.send("ready")
        sent = 0
        while not pipe.poll():
            if len(applied) > sent:
                fresh = list(applied.items())[sent:]
                sent += len(fresh)
                pipe.send(fresh)
            await asyncio.sleep(SEND_EVERY)
    pipe.send(None)


def broker_alive(*runtimes: Any) -> Any:
    """A check, for ``harness.wait_for``, that every runtime is connected to the broker."""
    async def alive() -> bool:
        return all(runtime.broker_alive() for runtime in runtimes)

    return alive


@asynccontextmanager
async def in_a_process(kind: str, sink_db: str, url: str) -> AsyncIterator[dict[str, float]]:
    """Run the ``kind`` end in a child process; yield when each event was applied there
    (by event id as text), filled in as the child reports."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=serve, args=(kind, sink_db, url, theirs), daemon=True)
    child.start()
    theirs.close()  # the child's now: the reader sees the end of the pipe when it exits
    applied: dict[str, float] = {}
    try:
        if not await asyncio.to_thread(ours.poll, READY_SECONDS) or ours.recv() != "ready":
            raise SystemExit(f"the {kind} sink did not start within {READY_SECONDS:.0f}s")
        # Read on this loop as the reports come (a thread would contend for the
        # interpreter with the producing end being measured).
        loop = asyncio.get_running_loop()
        loop.add_reader(ours.fileno(), _read, ours, applied)
        yield applied
    finally:
        if not ours.closed:
            asyncio.get_running_loop().remove_reader(ours.fileno())
        try:
            ours.send("stop")
        except OSError:  # the child is gone already
            pass
        await asyncio.to_thread(child.join, READY_SECONDS)
        if child.is_alive():
            child.kill()
        ours.close()


def _read(pipe: Connection, applied: dict[str, float]) -> None:
    """What the child has reported so far (it sends None last, once stopped)."""
    while pipe.poll():
        batch = pipe.recv()
        if batch is None:
            return
        applied.update(batch)
