"""Statements run on the database driver itself, compiled once by SQLAlchemy.

Where a statement runs on a hot path and SQLAlchemy's per-statement work (its execution
context, a cursor, the result) costs more than the statement's round trip, it is compiled
once and handed to the driver (asyncpg, aiosqlite) as SQL text with its arguments in order.
The columns' types still convert values both ways, as SQLAlchemy would: bound values through
their bind processors, results through their result processors. Used by the kept reads
(``shared.reads``), by the consumers' own connection (``shared.messaging.own_connection``)
and, in the transaction a unit of work holds, by the one-event outbox write
(``fetch_in_transaction``).

A statement can also be prepared on a connection once (``prepared_as``) and then run by
name with its values written in (``executed_as``), to travel with another in one simple
query: one round trip for both, where the extended protocol takes one each, and the server
plans it once rather than at every run. Only values that cannot be misread are written in
(integers, UUIDs, and short text of letters, digits and ``_ . : -``, which reads the same
whatever the server's string settings); for anything else ``executed_as`` says no, and the
caller binds the values.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import Executable
from sqlalchemy.util.concurrency import greenlet_spawn

Convert = Callable[[Any], Any] | None

_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_.:-]{0,200}\Z")


def literal(value: Any) -> str | None:
    """``value`` as SQL text that cannot be misread, or None if it is not a plain value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, UUID):
        return f"'{value}'"
    if isinstance(value, str) and _PLAIN_TEXT.match(value):
        return f"'{value}'"
    return None


class DriverStatement:
    """A statement as its driver runs it: SQL text, parameter order, conversions both ways."""

    def __init__(
        self, statement: Executable, dialect: Dialect, column_keys: list[str] | None = None
    ) -> None:
        # ``column_keys``: the names of the values it is run with, which name the columns
        # an INSERT or an UPDATE without its own values sets (as SQLAlchemy compiles it).
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        self.sql = compiled.string
        self.order = list(compiled.positiontup or ())
        self._compiled = compiled
        #: An IN list (expanding parameter), or a value written into the SQL, is rendered
        #: at execution: SQLAlchemy runs those.
        self.direct = not any(
            bind.expanding or bind.literal_execute for bind in compiled.binds.values()
        )
        self.binds: dict[str, Convert] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()
        }
        self._columns = list(getattr(statement, "selected_columns", ()))
        self._dialect = dialect
        #: How each column's value is read; known once the driver said the columns' types.
        self.results: list[Convert] | None = None
        self.row = namedtuple("Row", [c.key for c in self._columns])  # type: ignore[misc]

    def describe(self, driver_types: list[Any]) -> None:
        """Each column's conversion, given the type the driver reports for it (PostgreSQL's
        numeric and others read by it; SQLite reports none)."""
        dialect = self._dialect
        self.results = [
            c.type.dialect_impl(dialect).result_processor(dialect, kind)
            for c, kind in zip(self._columns, driver_types, strict=True)
        ]

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        values = self._compiled.construct_params(params)
        out = []
        for name in self.order:
            convert = self.binds.get(name)
            out.append(values[name] if convert is None else convert(values[name]))
        return out

    def prepared_as(self, name: str) -> str:
        """The SQL that prepares the statement on a connection, as ``name``."""
        return f"PREPARE {name} AS {self.sql}"

    def executed_as(self, name: str, params: dict[str, Any]) -> str | None:
        """The SQL that runs the statement prepared as ``name`` with ``params`` written in,
        or None if a value is not plain enough to write in (``literal``)."""
        literals = [literal(value) for value in self.arguments(params)]
        if None in literals:
            return None
        return f"EXECUTE {name}({', '.join(literals)})"  # type: ignore[arg-type]

    def read(self, found: Any) -> Any:
        assert self.results is not None
        return self.row(*(
            value if convert is None else convert(value)
            for value, convert in zip(found, self.results, strict=True)
        ))


def rows_changed(status: str) -> int:
    """How many rows a command changed, from the status the server gave (``UPDATE 1``,
    ``INSERT 0 1``; 0 for one that names no count)."""
    count = status.rsplit(" ", 1)[-1]
    return int(count) if count.isdigit() else 0


async def fetch_in_transaction(
    connection: AsyncConnection, statement: DriverStatement, params: dict[str, Any]
) -> Any:
    """The first row of ``statement``, run on the driver (asyncpg) itself, in the transaction
    SQLAlchemy holds on ``connection`` (begun first, as SQLAlchemy would, if it has not
    been). A failure is raised as SQLAlchemy would have raised it (its ``DBAPIError`` kinds,
    the connection invalidated if it was lost), so callers and the HTTP layer see no
    difference. ``connection`` must be on asyncpg (``connection.dialect.driver``)."""

    async def fetch(adapted: Any, arguments: list[Any]) -> Any:
        if adapted._transaction is None:
            await adapted._start_transaction()
        return await adapted._connection.fetchrow(statement.sql, *arguments)

    return await _as_sqlalchemy(connection, statement, params, fetch)


async def execute_on_driver(
    connection: AsyncConnection, statement: DriverStatement, params: dict[str, Any]
) -> int:
    """Run ``statement`` (one that returns no rows) on the driver (asyncpg) under
    ``connection``, in whatever transaction the driver has open: none is begun here, as
    on a connection SQLAlchemy sees in autocommit whose owner began one itself (a
    consumer's own connection). How many rows it changed. A failure, a value a column's
    type refuses included, is raised as SQLAlchemy would have raised it."""

    async def execute(adapted: Any, arguments: list[Any]) -> Any:
        return rows_changed(await adapted._connection.execute(statement.sql, *arguments))

    return int(await _as_sqlalchemy(connection, statement, params, execute))


async def _as_sqlalchemy(
    connection: AsyncConnection,
    statement: DriverStatement,
    params: dict[str, Any],
    run: Callable[[Any, list[Any]], Awaitable[Any]],
) -> Any:
    """``run`` with SQLAlchemy's adapted asyncpg connection under ``connection`` and the
    statement's arguments, holding the adapter's lock as SQLAlchemy's execution does; a
    failure raised as SQLAlchemy raises it."""
    adapted = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    arguments: list[Any] = []
    try:
        arguments = statement.arguments(params)
        async with adapted._execute_mutex:
            return await run(adapted, arguments)
    except Exception as error:
        await greenlet_spawn(_raise_as_sqlalchemy, connection, adapted, error, statement.sql,
                             arguments)
        raise  # (the line above always raises)


def _raise_as_sqlalchemy(
    connection: AsyncConnection, adapted: Any, error: Exception, sql: str, arguments: list[Any]
) -> None:
    """Raise ``error`` as SQLAlchemy's execution does: the adapter translates the driver's
    error, the connection wraps it and invalidates itself if the server is gone."""
    try:
        adapted._handle_exception(error)
    except Exception as translated:
        connection.sync_connection._handle_dbapi_exception(  # type: ignore[union-attr]
            translated, sql, tuple(arguments), None, None
        )
