"""Hot reads on connections kept open: one round trip, no session, no transaction.

An answer a service keeps ready in its store (a stored document, ``shared.documents``) is
read by key on a connection kept open in autocommit: no session to build, no connection to
check out and reset, no BEGIN and ROLLBACK around one SELECT. That is what a bare route
does, and what a read of a stored answer needs. Autocommit reads see what has been committed,
so an answer read after a change has been committed is the changed one.

The statement is compiled once, and run on the driver itself: asyncpg's ``fetchrow``, or
aiosqlite's ``execute_fetchall``, which hands the query to SQLite's thread once where a
cursor through SQLAlchemy hands it four times (open, execute, fetch, close). Under load each
hand-over waits for the interpreter lock, so that was most of a read's cost on SQLite. The
column types still convert the values both ways (a UUID key, an enum status), as SQLAlchemy
would.

A few connections are kept (SQLite serialises on its one writer anyway; PostgreSQL takes
them in turn); a connection the server dropped is discarded and the read tried once more on
a new one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.driver import DriverStatement


async def _fetch_one(
    connection: AsyncConnection, compiled: DriverStatement, arguments: list[Any]
) -> Any:
    """The driver's first row (or None): one round trip on PostgreSQL, one hand-over to
    SQLite's thread."""
    driver: Any = (await connection.get_raw_connection()).driver_connection
    if connection.dialect.driver == "asyncpg":
        if compiled.results is None:
            prepared = await driver.prepare(compiled.sql)
            compiled.describe([a.type.oid for a in prepared.get_attributes()])
        return await driver.fetchrow(compiled.sql, *arguments)
    if compiled.results is None:
        compiled.describe([None] * len(compiled.row._fields))
    rows = await driver.execute_fetchall(compiled.sql, arguments)
    return rows[0] if rows else None


class KeptReads:
    def __init__(self, engine: AsyncEngine, size: int = 4) -> None:
        self._engine = engine
        self._size = size
        self._free: asyncio.Queue[AsyncConnection] = asyncio.Queue()
        self._made = 0
        self._all: list[AsyncConnection] = []
        self._compiled: dict[int, tuple[Select[Any], DriverStatement]] = {}
        self._direct = engine.dialect.driver in ("asyncpg", "aiosqlite")

    async def _take(self) -> AsyncConnection:
        if self._free.empty() and self._made < self._size:
            self._made += 1
            try:
                connection = await self._engine.connect()
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            except BaseException:
                self._made -= 1
                raise
            self._all.append(connection)
            return connection
        return await self._free.get()

    async def _discard(self, connection: AsyncConnection) -> None:
        self._made -= 1
        self._all.remove(connection)
        try:
            await connection.invalidate()
            await connection.close()
        except Exception:  # already gone
            pass

    def _runnable(self, statement: Select[Any]) -> DriverStatement | None:
        """``statement`` as the driver runs it, or None where SQLAlchemy must (another
        driver, or an IN list rendered at execution)."""
        if not self._direct:
            return None
        kept = self._compiled.get(id(statement))
        if kept is None or kept[0] is not statement:
            kept = self._compiled[id(statement)] = (
                statement, DriverStatement(statement, self._engine.dialect)
            )
        return kept[1] if kept[1].direct else None

    async def one(self, statement: Select[Any], params: dict[str, Any] | None = None) -> Any:
        """The first row of ``statement`` (its columns by name), or None."""
        compiled = self._runnable(statement)
        arguments = compiled.arguments(params or {}) if compiled is not None else []
        for attempt in (1, 2):
            connection = await self._take()
            try:
                if compiled is None:
                    row = (await connection.execute(statement, params or {})).first()
                else:
                    found = await _fetch_one(connection, compiled, arguments)
                    row = None if found is None else compiled.read(found)
            except BaseException as error:
                lost = _connection_lost(connection, error)  # asked before it is discarded
                await self._discard(connection)
                if attempt == 2 or not lost:
                    raise
                continue
            self._free.put_nowait(connection)
            return row
        return None  # not reached

    async def close(self) -> None:
        for connection in list(self._all):
            try:
                await connection.close()
            except Exception:
                pass
        self._all.clear()
        self._made = 0
        self._free = asyncio.Queue()


def _connection_lost(connection: AsyncConnection, error: BaseException) -> bool:
    """Whether ``error`` says the connection is gone (the read may go again on a new one)."""
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated)
    if isinstance(error, ConnectionError | OSError):
        return True
    if not isinstance(error, Exception) or connection.sync_connection is None:
        return False
    try:
        driver = connection.sync_connection.connection.driver_connection
    except Exception:  # noqa: BLE001 (no connection left to ask)
        return True
    is_closed = getattr(driver, "is_closed", None)  # asyncpg's
    return bool(callable(is_closed) and is_closed())
