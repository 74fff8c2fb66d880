"""Hot reads on kept connections (``shared.reads``): the driver runs the statement, and the
row says what SQLAlchemy's own would say; a connection the server dropped is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    insert,
    select,
    text,
)

from shared.columns import StrEnumType
from shared.db import is_postgres, make_engine
from shared.reads import KeptReads


class Shade(StrEnum):
    LIGHT = "light"
    DARK = "dark"


metadata = MetaData()
things = Table(
    "kept_things",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("shade", StrEnumType(Shade, 10), nullable=False),
    Column("body", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("facts", JSON, nullable=False),
    Column("amount", Numeric(10, 2), nullable=False),
    Column("n", Integer, nullable=False),
    Column("name", String(40), nullable=True),
)
BY_ID = select(things).where(things.c.id == bindparam("id"))
AMONG = select(things.c.n).where(things.c.id.in_(bindparam("ids", expanding=True)))
BY_SHADE_AND_N = select(things.c.body, things.c.id).where(
    things.c.shade == bindparam("shade"), things.c.n >= bindparam("least")
)


async def test_a_kept_read_answers_what_sqlalchemy_would_typed_by_column(database) -> None:
    async with database("kept") as url:
        engine = make_engine(url)
        reads = KeptReads(engine)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
            first, second = uuid4(), uuid4()
            at = datetime(2027, 1, 2, 9, 30, tzinfo=UTC)
            async with engine.begin() as connection:
                await connection.execute(insert(things), [
                    {"id": first, "shade": Shade.DARK, "body": '{"a": "b"}', "at": at,
                     "facts": {"k": [1, 2]}, "amount": Decimal("13.60"), "n": 5, "name": None},
                    {"id": second, "shade": Shade.LIGHT, "body": "x" * 5000, "at": at,
                     "facts": {}, "amount": Decimal("0.10"), "n": 1, "name": "O'Brien \"Ltd\""},
                ])
            for statement, params in (
                (BY_ID, {"id": first}),
                (BY_ID, {"id": second}),
                (BY_SHADE_AND_N, {"shade": Shade.DARK, "least": 2}),
                (BY_SHADE_AND_N, {"shade": "light", "least": 1}),
            ):
                async with engine.connect() as connection:
                    expected = (await connection.execute(statement, params)).first()
                kept = await reads.one(statement, params)
                assert tuple(kept) == tuple(expected)
                assert kept._fields == tuple(expected._fields)
            row = await reads.one(BY_ID, {"id": first})
            assert row.shade is Shade.DARK and isinstance(row.id, UUID)
            assert row.at.astimezone(UTC) == at and row.amount == Decimal("13.60")
            assert await reads.one(BY_ID, {"id": uuid4()}) is None
            # An IN list is rendered at execution: SQLAlchemy runs it, with the same answer.
            assert (await reads.one(AMONG, {"ids": [uuid4(), second]})).n == 1
            assert await reads.one(BY_SHADE_AND_N, {"shade": "dark", "least": 6}) is None
        finally:
            await reads.close()
            await engine.dispose()


async def test_a_kept_connection_the_server_dropped_is_replaced_and_the_read_answers(
    database,
) -> None:
    async with database("kept") as url:
        engine = make_engine(url)
        reads = KeptReads(engine, size=1)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
                await connection.execute(insert(things).values(
                    id=(kept_id := uuid4()), shade="light", body="kept",
                    at=datetime.now(UTC), facts={}, amount=1, n=1,
                ))
            assert (await reads.one(BY_ID, {"id": kept_id})).body == "kept"
            if not is_postgres(url):
                return  # nothing drops a SQLite file's connection
            async with engine.connect() as connection:
                # Every other backend of this database: the kept one among them.
                await connection.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ))
            assert (await reads.one(BY_ID, {"id": kept_id})).body == "kept"
        finally:
            await reads.close()
            await engine.dispose()
