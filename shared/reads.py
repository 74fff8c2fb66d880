"""Hot reads on connections kept open: one round trip, no session, no transaction.

An answer a service keeps ready in its store (a stored document, ``shared.documents``) is
read by key on a connection kept open in autocommit: no session to build, no connection to
check out and reset, no BEGIN and ROLLBACK around one SELECT. That is what a bare route
does, and what a read of a stored answer needs. Autocommit reads see what has been committed,
so an answer read after a change has been committed is the changed one.

A few connections are kept (SQLite serialises on its one writer anyway; PostgreSQL takes
them in turn); a connection the server dropped is discarded and the read tried once more on
a new one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class KeptReads:
    def __init__(self, engine: AsyncEngine, size: int = 4) -> None:
        self._engine = engine
        self._size = size
        self._free: asyncio.Queue[AsyncConnection] = asyncio.Queue()
        self._made = 0
        self._all: list[AsyncConnection] = []

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

    async def one(self, statement: Executable, params: dict[str, Any] | None = None) -> Any:
        """The first row of ``statement``, or None."""
        for attempt in (1, 2):
            connection = await self._take()
            try:
                row = (await connection.execute(statement, params or {})).first()
            except DBAPIError as error:
                await self._discard(connection)
                if attempt == 2 or not error.connection_invalidated:
                    raise
                continue
            except BaseException:
                await self._discard(connection)
                raise
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
