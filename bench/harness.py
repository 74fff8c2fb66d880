"""A probe producer and a sink consumer built from the real shared plumbing.

They use the same ServiceRuntime, outbox relay and EventConsumer as the services, with a
tiny store of their own, so the backbone can be tested and measured apart from any one
service. The tests (``tests/messaging``) and the benchmark (``bench.one_hop``) share it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import Field
from sqlalchemy import Column, Integer, String, Table, Uuid, func, insert, select

from shared.db import new_metadata
from shared.events.base import Event
from shared.messaging.tables import messaging_tables
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.uow import UnitOfWork


class ProbeHappened(Event):
    """A test-only event."""

    subject_name = "dps.probe.happened.v1"

    # Each probe is its own aggregate unless a test names one (see ordering tests).
    aggregate_type: str = "probe"
    aggregate_id: UUID | None = Field(default_factory=uuid4)
    n: int


metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
applied = Table(
    "applied",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False),
    Column("n", Integer, nullable=False),
    Column("replica", String(20), nullable=False),
)


#: What the tests shorten so that a fault is noticed and retried within a test's patience.
TEST_TIMINGS: dict[str, Any] = {
    "relay_poll_seconds": 0.2,
    "relay_max_backoff_seconds": 0.5,
    "publish_timeout_seconds": 1.0,
    "consumer_ack_wait_seconds": 3.0,
    "consumer_max_deliver": 4,
    "consumer_retry_delay_seconds": 0.05,
}


def settings(
    name: str, database_url: str, nats_url: str, *, timed_for_tests: bool = True,
    **overrides: Any,
) -> BaseServiceSettings:
    """A service's settings; with ``timed_for_tests=False`` the backbone's timings are a
    deployed service's defaults (what a benchmark measures)."""
    values: dict[str, Any] = {
        "service_name": name,
        "database_url": database_url,
        "nats_url": nats_url,
        "run_migrations": False,
        **(TEST_TIMINGS if timed_for_tests else {}),
    }
    values.update(overrides)
    return BaseServiceSettings(**values)


async def create_tables(runtime: ServiceRuntime[Any]) -> None:
    async with runtime.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)


@asynccontextmanager
async def probe_producer(
    database_url: str, nats_url: str, *, timed_for_tests: bool = True, **overrides: Any
) -> AsyncIterator[ServiceRuntime[UnitOfWork]]:
    runtime = ServiceRuntime(
        settings=settings(
            "probe", database_url, nats_url, timed_for_tests=timed_for_tests, **overrides
        ),
        metadata=metadata,
        uow_class=UnitOfWork,
    )
    await create_tables(runtime)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


Behaviour = Callable[[ProbeHappened], Awaitable[None]]


async def _do_nothing(_: ProbeHappened) -> None:
    return None


@asynccontextmanager
async def sink_consumer(
    database_url: str,
    nats_url: str,
    *,
    replica: str = "a",
    behaviour: Behaviour = _do_nothing,
    create: bool = True,
    **overrides: Any,
) -> AsyncIterator[ServiceRuntime[UnitOfWork]]:
    runtime = ServiceRuntime(
        settings=settings("sink", database_url, nats_url, **overrides),
        metadata=metadata,
        uow_class=UnitOfWork,
    )
    if create:
        await create_tables(runtime)

    async def apply(event: ProbeHappened, uow: UnitOfWork) -> None:
        await behaviour(event)
        await uow.session.execute(
            insert(applied).values(event_id=event.id, n=event.n, replica=replica)
        )

    runtime.consumer("probe").on(ProbeHappened)(apply)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def commit_events(
    runtime: ServiceRuntime[UnitOfWork], numbers: range, per_commit: int = 1
) -> list[ProbeHappened]:
    events = []
    batch: list[ProbeHappened] = []
    for n in numbers:
        batch.append(ProbeHappened(occurred_at=datetime.now(UTC), n=n))
        if len(batch) == per_commit:
            async with runtime.uow() as uow:
                uow.publish(*batch)
                await uow.commit()
            events.extend(batch)
            batch = []
    if batch:
        async with runtime.uow() as uow:
            uow.publish(*batch)
            await uow.commit()
        events.extend(batch)
    return events


async def applied_rows(runtime: ServiceRuntime[Any]) -> list[Any]:
    async with runtime.session_factory() as session:
        return list((await session.execute(select(applied).order_by(applied.c.seq))).all())


async def applied_count(runtime: ServiceRuntime[Any]) -> int:
    async with runtime.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(applied)) or 0)


async def wait_for(
    condition: Callable[[], Awaitable[bool]], timeout: float = 30.0, what: str = "condition"
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if await condition():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)
