"""The probe producer and sink consumer live in the benchmark package (it is installed);
a store with the probe's tables and a unit of work on it, for tests that drive the
messaging code directly."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.harness import (  # noqa: F401
    ProbeHappened,
    applied,
    applied_count,
    applied_rows,
    commit_events,
    create_tables,
    metadata,
    probe_producer,
    settings,
    sink_consumer,
    wait_for,
)
from shared.clock import SystemClock
from shared.db import make_engine, make_session_factory
from shared.messaging.outbox_rows import Unsent
from shared.uow import UnitOfWork


@asynccontextmanager
async def probe_engine(url: str, *more: MetaData) -> AsyncIterator[AsyncEngine]:
    """An engine on ``url`` with the probe's tables (and ``more``'s), disposed after."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for tables in (metadata, *more):
                await connection.run_sync(tables.create_all)
        yield engine
    finally:
        await engine.dispose()


def probe_unit(
    engine: AsyncEngine,
    *,
    source: str = "sink",
    on_commit: Callable[[Sequence[Unsent]], None] | None = None,
) -> UnitOfWork:
    """A unit of work on ``engine``'s probe tables."""
    return UnitOfWork(
        make_session_factory(engine),
        outbox=metadata.tables["outbox"],
        inbox=metadata.tables["inbox"],
        source=source,
        clock=SystemClock(),
        on_commit=on_commit,
    )


