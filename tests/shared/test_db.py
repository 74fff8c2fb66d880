"""The data layer: SQLite in WAL mode with foreign keys; upsert on both databases."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, select, text

from shared.db import make_engine, new_metadata, upsert


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    try:
        async with engine.connect() as connection:
            assert (await connection.scalar(text("PRAGMA journal_mode"))) == "wal"
            assert (await connection.scalar(text("PRAGMA foreign_keys"))) == 1
    finally:
        await engine.dispose()


async def test_upsert_inserts_then_rewrites_the_same_row(database):
    metadata = new_metadata()
    table = Table("things", metadata, Column("id", Integer, primary_key=True),
                  Column("name", String(20)))
    async with database("db") as url:
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
            from shared.db import make_session_factory

            sessions = make_session_factory(engine)
            for name in ("first", "second"):
                async with sessions() as session, session.begin():
                    await session.execute(upsert(session, table, {"id": 1, "name": name}, "id"))
            async with sessions() as session:
                rows = (await session.execute(select(table))).all()
        finally:
            await engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "second")]
