"""A joined session runs a Core INSERT, UPDATE or DELETE built once on the driver from its
second run on (``OnDriver``): in the one joined transaction, with the columns' types
converting its values, its failures raised as SQLAlchemy raises them. What needs
SQLAlchemy's execution (RETURNING, a Python-side default, an IN list, a statement built
anew at every call) stays with SQLAlchemy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from itertools import count
from typing import Any
from unittest.mock import patch
from uuid import uuid4

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    bindparam,
    event,
    select,
)
from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.exc import IntegrityError, ResourceClosedError, StatementError

from shared import joined_session
from shared.db import AwareDateTime
from shared.joined_session import Changed, JoinedSession, OnDriver
from shared.messaging.own_connection import OwnConnection
from tests.messaging.harness import probe_engine, probe_unit

ours = MetaData()
tallies = Table(
    "driver_tallies", ours,
    Column("id", Uuid, primary_key=True),
    Column("label", String(40), nullable=False),
    Column("n", Integer, nullable=False),
    Column("noted_at", AwareDateTime, nullable=True),
    Column("detail", JSON, nullable=True),
)
_serial = count(1000)
defaulted = Table(
    "driver_defaulted", ours,
    Column("id", Uuid, primary_key=True),
    Column("n", Integer, nullable=False, default=lambda: next(_serial)),
)
numbered = Table(
    "driver_numbered", ours,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(40), nullable=False),
)

# Built once, as a hot path builds them.
ADD = tallies.insert()
RELABEL = (
    tallies.update().where(tallies.c.n >= bindparam("from_n")).values(label=bindparam("to"))
)
ADD_DEFAULTED = defaulted.insert()
ADD_RETURNING = tallies.insert().returning(tallies.c.n)
ADD_NUMBERED = numbered.insert()
FORGET_SOME = tallies.delete().where(tallies.c.n.in_(bindparam("ns", expanding=True)))
FORGET_ONE = tallies.delete().where(tallies.c.n == bindparam("n", literal_execute=True))


@asynccontextmanager
async def _joined(database: Any, backend: str) -> AsyncIterator[tuple[Any, Any, list[str]]]:
    """An engine, a consumer's own connection on it, and the statements SQLAlchemy's
    execution sent (each time a cursor ran one). The registry of statements seen starts
    empty (the process's one remembers other tests' runs)."""
    if backend != "postgresql":
        pytest.skip("the consumer's own connection is PostgreSQL's (asyncpg)")
    async with database("joined-driver") as url, probe_engine(url, ours) as engine:
        through_sqlalchemy: list[str] = []

        def noted(conn, cursor, statement, parameters, context, many):  # type: ignore[no-untyped-def]
            through_sqlalchemy.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", noted)
        own = OwnConnection(engine)
        try:
            with patch.object(joined_session, "ON_DRIVER", OnDriver()):
                yield engine, own, through_sqlalchemy
        finally:
            await own.close()


async def _in_one_transaction(
    engine: Any, own: OwnConnection, handler: Callable[[JoinedSession], Any], *, fails: bool
) -> None:
    uow = probe_unit(engine)
    try:
        async with own.transaction() as connection:
            uow.join(connection, own.commit)
            async with uow:
                assert isinstance(uow.session, JoinedSession)
                await handler(uow.session)
                if fails:
                    raise ValueError("the handler failed after its writes")
                await uow.commit()
    except ValueError:
        assert fails


async def _labels(engine: Any) -> list[tuple[str, int]]:
    async with engine.connect() as elsewhere:
        rows = await elsewhere.execute(select(tallies.c.label, tallies.c.n).order_by(tallies.c.n))
        return [tuple(row) for row in rows]


@pytest.mark.parametrize("fails", [False, True])
async def test_a_statement_run_again_goes_on_the_driver_in_the_one_transaction(
    database, backend, fails
):
    async with _joined(database, backend) as (engine, own, through_sqlalchemy):
        results: list[Any] = []

        async def handler(session: JoinedSession) -> None:
            for n in (1, 2, 3):
                detail = {"n": n, "areas": ["E09000001", "É"]}  # the column's type: as JSON
                await session.execute(ADD, {"id": uuid4(), "label": "new", "n": n,
                                            "detail": detail})
            results.append(await session.execute(RELABEL, {"from_n": 3, "to": "first"}))
            results.append(await session.execute(RELABEL, {"from_n": 2, "to": "moved"}))

        await _in_one_transaction(engine, own, handler, fails=fails)

        # The first run of each statement went through SQLAlchemy; the later ones did not.
        adds = [s for s in through_sqlalchemy if s.startswith("INSERT INTO driver_tallies")]
        updates = [s for s in through_sqlalchemy if s.startswith("UPDATE driver_tallies")]
        assert (len(adds), len(updates)) == (1, 1)
        moved = results[1]
        assert isinstance(moved, Changed) and moved.rowcount == 2
        with pytest.raises(ResourceClosedError):
            moved.first()
        expected = [] if fails else [("new", 1), ("moved", 2), ("moved", 3)]
        assert await _labels(engine) == expected
        async with engine.connect() as elsewhere:
            details = (await elsewhere.execute(select(tallies.c.detail).order_by(tallies.c.n)))
            assert details.scalars().all() == (
                [] if fails else [{"n": n, "areas": ["E09000001", "É"]} for n in (1, 2, 3)]
            )
        assert own._driver is not None and not own._driver.is_in_transaction()


async def test_what_needs_sqlalchemy_s_execution_stays_with_it(database, backend):
    async with _joined(database, backend) as (engine, own, through_sqlalchemy):
        returned: list[int] = []

        async def handler(session: JoinedSession) -> None:
            for n in (1, 2, 3):
                # A Python-side default, RETURNING, a key the database generates (read
                # back), a statement built anew at every call: SQLAlchemy, every time.
                await session.execute(ADD_DEFAULTED, {"id": uuid4()})
                result = await session.execute(
                    ADD_RETURNING, {"id": uuid4(), "label": "returned", "n": n}
                )
                returned.append(result.scalar_one())
                await session.execute(ADD_NUMBERED, {"label": f"numbered {n}"})
                await session.execute(
                    tallies.insert().values(id=uuid4(), label="built anew", n=10 + n)
                )
            for _ in (1, 2):  # an IN list, a value written in: rendered at execution
                await session.execute(FORGET_SOME, {"ns": [11, 12]})
                await session.execute(FORGET_ONE, {"n": 99})

        await _in_one_transaction(engine, own, handler, fails=False)

        assert returned == [1, 2, 3]
        assert sum(s.startswith("INSERT INTO driver_defaulted") for s in through_sqlalchemy) == 3
        assert sum(s.startswith("INSERT INTO driver_numbered") for s in through_sqlalchemy) == 3
        assert sum(s.startswith("INSERT INTO driver_tallies") for s in through_sqlalchemy) == 6
        assert sum(s.startswith("DELETE FROM driver_tallies") for s in through_sqlalchemy) == 4
        async with engine.connect() as elsewhere:
            ns = (await elsewhere.execute(select(defaulted.c.n))).scalars().all()
            assert len(ns) == 3 and all(n >= 1000 for n in ns)
        assert await _labels(engine) == [
            ("returned", 1), ("returned", 2), ("returned", 3), ("built anew", 13),
        ]


async def test_a_failure_on_the_driver_is_raised_as_sqlalchemy_raises_it(database, backend):
    async with _joined(database, backend) as (engine, own, through_sqlalchemy):
        taken = uuid4()
        caught: list[type[BaseException]] = []

        async def duplicate(session: JoinedSession) -> None:
            await session.execute(ADD, {"id": uuid4(), "label": "warm", "n": 1})
            await session.execute(ADD, {"id": taken, "label": "first", "n": 2})
            try:
                await session.execute(ADD, {"id": taken, "label": "again", "n": 3})
            except IntegrityError as error:
                caught.append(type(error))
                raise ValueError("the handler fails with it") from error

        await _in_one_transaction(engine, own, duplicate, fails=True)

        async def naive(session: JoinedSession) -> None:
            await session.execute(ADD, {"id": uuid4(), "label": "warm", "n": 1})
            try:
                await session.execute(
                    ADD, {"id": uuid4(), "label": "naive", "n": 4, "noted_at": datetime(2026, 1, 1)}
                )
            except StatementError as error:
                caught.append(type(error))
                assert "naive" in str(error)
                raise ValueError("the handler fails with it") from error

        await _in_one_transaction(engine, own, naive, fails=True)

        assert caught == [IntegrityError, StatementError]
        # Only the very first run went through SQLAlchemy: both failures came from the
        # driver's path (the naive time with other value names: compiled for them at once).
        assert sum(s.startswith("INSERT INTO driver_tallies") for s in through_sqlalchemy) == 1
        assert await _labels(engine) == []
        assert own._driver is not None and not own._driver.is_in_transaction()


def test_only_a_statement_seen_before_is_compiled_and_the_registry_stays_bounded():
    dialect = asyncpg.dialect()
    on_driver = OnDriver(remembered=2)
    values = {"id": uuid4(), "label": "x", "n": 1}
    assert on_driver.get(ADD, values, dialect) is None  # first sight
    compiled = on_driver.get(ADD, values, dialect)
    assert compiled is not None and compiled.sql.startswith("INSERT INTO driver_tallies")
    assert on_driver.get(ADD, values, dialect) is compiled  # compiled once
    # Other value names: compiled for those (a column left out is left out).
    fewer = on_driver.get(ADD, {"id": uuid4(), "label": "x", "n": 1, "noted_at": None}, dialect)
    assert fewer is not None and fewer is not compiled
    # Built anew at every call: never compiled.
    for _ in range(3):
        assert on_driver.get(tallies.insert(), values, dialect) is None
    # Seen once, then pushed out by others: first sight again.
    assert on_driver.get(RELABEL, {"from_n": 1, "to": "y"}, dialect) is None
    for _ in range(2):
        on_driver.get(tallies.insert(), values, dialect)
    assert on_driver.get(RELABEL, {"from_n": 1, "to": "y"}, dialect) is None
    assert on_driver.get(RELABEL, {"from_n": 1, "to": "y"}, dialect) is not None
