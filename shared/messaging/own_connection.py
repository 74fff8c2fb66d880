"""A consumer's own connection, for events that arrive in order (PostgreSQL).

Most events reach a consumer one at a time and in order. Such an event is applied in a
transaction the consumer runs on a connection of its own, on the driver (asyncpg) itself:
BEGIN and the position's advance, in one round trip (the advance prepared on the
connection when it opens, and run by name with its values written in,
``OrderingStore.advance_executed``; bound in a statement of its own, ``advance_on``, if
its key cannot be written in safely); the handler, through a unit of work whose session
joins that transaction (``UnitOfWork.join``); COMMIT. A batch of events, each the next of a
different aggregate (what arrives under load), goes the same way: BEGIN, every position
advanced in one statement (``advance_each_on``), the handlers, COMMIT. That is the hop's
least work: no connection checked out of the pool and reset on return, and no SQLAlchemy
execution around BEGIN, the positions and COMMIT, which cost more than their round trips.

SQLAlchemy sees the connection in autocommit, so it runs no BEGIN or COMMIT of its own; the
handler's statements run in the transaction begun here. Whatever goes wrong rolls back
here, and a connection that failed to, or that the server dropped, or whose statement was
cancelled halfway, is discarded: the next event opens a new one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.driver import DriverStatement, rows_changed

_BEGIN = "BEGIN ISOLATION LEVEL READ COMMITTED"


class OwnConnection:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        #: Statements kept prepared on the connection (by name), and those the one open
        #: has yet to prepare: a prepared statement lives as long as its connection.
        self._kept: dict[str, str] = {}
        self._unprepared: list[str] = []
        #: How many rows the statement that went with the last BEGIN changed.
        self.changed = 0

    @staticmethod
    def suits(engine: AsyncEngine) -> bool:
        """Whether this engine's driver can run the consumer's transactions itself."""
        return engine.dialect.driver == "asyncpg"

    @property
    def dialect(self) -> Dialect:
        return self._engine.dialect

    def keep_prepared(self, name: str, statement: DriverStatement) -> None:
        """Have ``statement`` prepared as ``name`` on this connection and on every one
        opened after it (before its first BEGIN), to be run by name
        (``DriverStatement.executed_as``)."""
        if name not in self._kept:
            self._kept[name] = statement.prepared_as(name)
            if self._connection is not None:
                self._unprepared.append(self._kept[name])

    @asynccontextmanager
    async def transaction(self, first: str | None = None) -> AsyncIterator[AsyncConnection]:
        """A transaction begun here, on the connection to join (with ``first`` run in the
        same round trip as BEGIN, as ``begin`` does). What ``commit`` has not committed
        when it ends is rolled back; a cancellation discards the connection, which cannot
        be trusted halfway through a statement."""
        connection = await self.begin(first)
        try:
            yield connection
        except Exception:
            await self.rollback()
            raise
        except BaseException:
            await self.discard()
            raise
        await self.rollback()  # ended without a COMMIT: nothing stays open

    async def begin(self, first: str | None = None) -> AsyncConnection:
        """BEGIN on the connection, and the connection to join. The connection is opened
        first if need be, and opened anew once if the server had dropped it (nothing has
        happened in the transaction yet, so nothing is lost).

        ``first``, a statement with its values written in (``DriverStatement.executed_as``),
        goes with the BEGIN in one simple query: one round trip for both. How many rows it
        changed is then in ``changed``. If it fails, the transaction is rolled back and
        the error raised."""
        query = _BEGIN if first is None else f"{_BEGIN}; {first}"
        for attempt in (1, 2):
            if self._connection is None:
                await self._open()
            try:
                while self._unprepared:  # once per connection, before its first BEGIN
                    await self._driver.execute(self._unprepared[0])
                    del self._unprepared[0]
                status = await self._driver.execute(query)
            except Exception:
                lost = self._driver.is_closed()
                if not lost:
                    await self.rollback()
                    raise
                await self.discard()
                if attempt == 2:
                    raise
                continue
            except BaseException:
                await self.discard()
                raise
            break
        self.changed = rows_changed(status) if first is not None else 0
        assert self._connection is not None
        return self._connection

    async def _open(self) -> None:
        connection = await self._engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            self._driver = (await connection.get_raw_connection()).driver_connection
        except BaseException:
            await _close(connection)
            raise
        self._connection = connection
        self._unprepared = list(self._kept.values())

    async def run(self, statement: DriverStatement, params: dict[str, Any]) -> int:
        """Run a statement in the transaction; how many rows it changed."""
        return rows_changed(await self._driver.execute(statement.sql, *statement.arguments(params)))

    async def value(self, sql: str, *args: Any) -> Any:
        """Run a statement in the transaction; the first value of its first row."""
        return await self._driver.fetchval(sql, *args)

    async def commit(self) -> None:
        await self._driver.execute("COMMIT")

    async def rollback(self) -> None:
        """End the transaction, if one is open, without its effects. Raises nothing but a
        cancellation: a connection that cannot roll back, or was invalidated, is discarded."""
        connection, driver = self._connection, self._driver
        if connection is None:
            return
        try:
            if connection.invalidated or driver.is_closed():
                raise ConnectionError("the connection is gone")
            if driver.is_in_transaction():
                await driver.execute("ROLLBACK")
        except Exception:  # whatever it was, the connection goes
            await self.discard()
        except BaseException:  # cancelled halfway: the connection goes, the cancel goes on
            await self.discard()
            raise

    async def discard(self) -> None:
        """Close the connection for good (never back to the pool): the next begin opens one."""
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            await _close(connection)

    close = discard


async def _close(connection: AsyncConnection) -> None:
    try:
        await connection.invalidate()
        await connection.close()
    except Exception:  # noqa: BLE001 (already gone)
        pass
