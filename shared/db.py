"""Async engines and sessions for SQLite (aiosqlite, WAL) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, Table, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from shared.messaging.statements import upsert

#: Constraint names are stable, so migrations can drop or alter them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def make_engine(
    url: str, *, echo: bool = False, pool_size: int = 10, max_overflow: int = 10
) -> AsyncEngine:
    """An engine for ``url``. SQLite runs in WAL mode with a busy timeout and foreign keys on;
    PostgreSQL keeps ``pool_size`` connections and opens up to ``max_overflow`` more."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # No pool_pre_ping: on asyncpg it costs three round trips (BEGIN, ping, ROLLBACK) on
    # every checkout, more than many a whole transaction. A connection the server dropped
    # fails once with a disconnect error, which invalidates the pool; consumers retry it as
    # transient, and a request gets a 503-class failure rather than a stale answer.
    return create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=max_overflow)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def upsert_row(
    session: AsyncSession, table: Table, row: dict[str, Any], key: str | Sequence[str]
) -> None:
    """Write ``row`` into ``table``: INSERT ... ON CONFLICT (key columns) DO UPDATE, on
    PostgreSQL and SQLite alike (DO NOTHING for a row of only its key).

    Read models built from events use it, so that replaying an event rewrites the same row.
    The statement is built once for each table, key and set of columns
    (``shared.messaging.statements.upsert``), and run with the row as its values:
    SQLAlchemy compiles it once, and a consumer that applies an event in order runs it on
    the driver itself (``shared.joined_session``). (A statement built with the row's
    values in it would be built, and its cache key worked out, at every call.)"""
    keys = (key,) if isinstance(key, str) else tuple(key)
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    rewritten = [c for c in sorted(row) if c not in keys]

    def from_the_row(table: Table, excluded: Any) -> dict[str, Any]:
        return {c: excluded[c] for c in rewritten}

    statement = upsert(
        table, dialect, key=keys, on_conflict=from_the_row if rewritten else None,
        name=f"row {keys} {rewritten}",
    )
    await session.execute(statement, row)


class AwareDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on PostgreSQL and SQLite alike
    (SQLite forgets the zone of a ``DateTime(timezone=True)``)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone-aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite stores the UTC wall time without its zone
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def pending_writes(session: AsyncSession | Session) -> bool:
    """Whether a flush of ``session`` would write anything (what the flush itself checks
    first)."""
    return bool(session.new or session.deleted or session.identity_map.check_modified())
