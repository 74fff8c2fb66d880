"""A unit of work's one event is written on the driver (asyncpg) in the transaction
SQLAlchemy holds: with the rest of the unit of work or not at all (rolled back with it,
begun for it if nothing else began it), and a failure raised as SQLAlchemy raises it (a
lost race as ``IntegrityError``, a lost connection invalidated), so callers see no
difference."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from shared.db import make_session_factory
from shared.messaging.outbox_write import write_events
from shared.uow import UnitOfWork
from tests.messaging.harness import ProbeHappened, metadata, probe_engine, probe_unit

outbox, applied = metadata.tables["outbox"], metadata.tables["applied"]


@asynccontextmanager
async def _store(database: Any, backend: str, name: str) -> AsyncIterator[Any]:
    if backend != "postgresql":
        pytest.skip("the driver's path is asyncpg's")
    async with database(name) as url, probe_engine(url) as engine:
        yield engine


def _unit(engine: Any) -> UnitOfWork:
    return probe_unit(engine, source="probe")


def _probe(n: int, **fields: Any) -> ProbeHappened:
    return ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=uuid4(), **fields)


async def _counts(engine: Any) -> tuple[int, int]:
    async with engine.connect() as elsewhere:
        return (
            int(await elsewhere.scalar(select(func.count()).select_from(outbox)) or 0),
            int(await elsewhere.scalar(select(func.count()).select_from(applied)) or 0),
        )


async def test_the_event_is_rolled_back_with_a_transaction_it_began(database, backend):
    async with _store(database, backend, "one-event-begun") as engine:
        session = make_session_factory(engine)()
        async with session:
            # Nothing has begun the transaction: writing the event begins it.
            await write_events(
                await session.connection(), versions=metadata.tables["aggregate_versions"],
                outbox_insert=outbox.insert(), events=[_probe(1)], source="probe",
                now=datetime.now(UTC),
            )
            await session.rollback()
        assert await _counts(engine) == (0, 0)


async def test_the_event_commits_with_the_unit_of_work_s_other_writes(database, backend):
    async with _store(database, backend, "one-event-with") as engine:
        async with _unit(engine) as uow:
            await uow.session.execute(
                applied.insert().values(event_id=uuid4(), n=1, replica="a")
            )
            uow.publish(_probe(1))
            assert await uow.commit() == 1
        assert await _counts(engine) == (1, 1)


async def test_a_lost_race_is_sqlalchemy_s_integrity_error_and_writes_nothing(
    database, backend
):
    async with _store(database, backend, "one-event-race") as engine:
        event = _probe(1)
        async with _unit(engine) as uow:
            uow.publish(event)
            await uow.commit()
        async with _unit(engine) as uow:
            await uow.session.execute(applied.insert().values(event_id=uuid4(), n=2, replica="a"))
            uow.publish(event)  # the same event id again: the outbox refuses it
            with pytest.raises(IntegrityError):
                await uow.commit()
        assert await _counts(engine) == (1, 0)
        async with _unit(engine) as uow:  # the pooled connection serves the next one
            uow.publish(_probe(3))
            await uow.commit()
        assert await _counts(engine) == (2, 0)


async def test_a_lost_connection_is_invalidated_and_the_next_unit_of_work_gets_a_new_one(
    database, backend
):
    async with _store(database, backend, "one-event-lost") as engine:
        async with _unit(engine) as uow:
            connection = await uow.session.connection()
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
            async with engine.connect() as other:
                await other.execute(text(f"SELECT pg_terminate_backend({int(pid)})"))
            uow.publish(_probe(1))
            with pytest.raises(DBAPIError) as lost:
                await uow.commit()
            assert lost.value.connection_invalidated
        async with _unit(engine) as uow:
            uow.publish(_probe(2))
            await uow.commit()
        assert await _counts(engine) == (1, 0)
