"""The data layer: SQLite in WAL mode with foreign keys; upsert on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, select, text

from shared.db import make_engine, make_session_factory, new_metadata, upsert_row
from shared.messaging import statements


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    try:
        async with engine.connect() as connection:
            assert (await connection.scalar(text("PRAGMA journal_mode"))) == "wal"
            assert (await connection.scalar(text("PRAGMA foreign_keys"))) == 1
    finally:
        await engine.dispose()


@asynccontextmanager
async def _sessions(url: str, metadata: MetaData) -> AsyncIterator[Any]:
    """A session factory on ``url`` with ``metadata``'s tables made, its engine disposed
    after."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


async def test_upsert_inserts_then_rewrites_the_same_row(database):
    metadata = new_metadata()
    table = Table("things", metadata, Column("id", Integer, primary_key=True),
                  Column("name", String(20)))
    async with database("db") as url, _sessions(url, metadata) as sessions:
        for name in ("first", "second"):
            async with sessions() as session, session.begin():
                await upsert_row(session, table, {"id": 1, "name": name}, "id")
        async with sessions() as session:
            rows = (await session.execute(select(table))).all()
    assert [tuple(r) for r in rows] == [(1, "second")]


async def test_upsert_is_built_once_per_table_key_and_columns_and_takes_any_key(database):
    metadata = new_metadata()
    table = Table("placed", metadata, Column("a", Integer, primary_key=True),
                  Column("b", Integer, primary_key=True), Column("name", String(20)))
    async with database("db") as url, _sessions(url, metadata) as sessions:
        built = len(statements._CACHE)
        async with sessions() as session, session.begin():
            for n, name in enumerate(("first", "second", "third")):
                await upsert_row(session, table, {"a": 1, "b": n % 2, "name": name}, ["a", "b"])
            # Only the key's columns: the row is there, or put there; nothing rewritten.
            await upsert_row(session, table, {"a": 1, "b": 0}, ["a", "b"])
            await upsert_row(session, table, {"a": 2, "b": 0}, ["a", "b"])
        assert len(statements._CACHE) == built + 2  # one per set of columns, however many rows
        async with sessions() as session:
            rows = (await session.execute(select(table).order_by("a", "b"))).all()
    assert [tuple(r) for r in rows] == [(1, 0, "third"), (1, 1, "second"), (2, 0, None)]
