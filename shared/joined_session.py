"""The session of a unit of work that joined a transaction its owner began.

A consumer applies an event that arrives in order in a transaction it runs on a connection
of its own, on the driver (``shared.messaging.own_connection``); the handler's unit of work
joins it (``UnitOfWork.join``), its session bound to that connection, which SQLAlchemy sees
in autocommit. There is then nothing for the session to begin, commit or roll back: the
owner does. So, on every event a consumer applies:
- ``connection()`` is that connection itself, with no session transaction begun for it;
- ``execute`` of a Core statement (no ORM entity in it) runs on that connection directly,
  past the session's ORM execution (unless autoflush has pending objects to write first);
- and a Core INSERT, UPDATE or DELETE built once and run again (the same statement object,
  as a hot path builds its statements: module level, or cached) runs on the driver
  itself, compiled once for the names of its values (``DriverStatement``), past
  SQLAlchemy's execution, which costs more than the statement's round trip. Its result
  is ``Changed``: how many rows it changed, and no rows. What SQLAlchemy must do work
  for stays with SQLAlchemy: a statement seen for the first time (most are built anew
  at every call, and compiling each would cost more than it saves), RETURNING, a
  column's Python-side default, an IN list, several rows of values, execution options;
- closing runs in place: with no transaction on the driver, it does no I/O.
ORM statements, and anything asked with options, go the session's usual way.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import ResourceClosedError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.db import pending_writes
from shared.driver import DriverStatement, execute_on_driver

#: Statements remembered as seen once, and compiled for the driver, at most (each a
#: least-recently-used cache: statements built anew at every call pass through them).
REMEMBERED = 512


class Changed:
    """The result of a statement run on the driver: how many rows it changed; it returns
    no rows (as SQLAlchemy's result of an INSERT, UPDATE or DELETE without RETURNING)."""

    returns_rows = False

    def __init__(self, rowcount: int) -> None:
        self.rowcount = rowcount

    def close(self) -> None:
        pass

    def _no_rows(self, *args: Any, **kw: Any) -> Any:
        raise ResourceClosedError("This result object does not return rows.")

    __iter__ = first = one = one_or_none = all = fetchone = fetchall = fetchmany = _no_rows
    scalar = scalar_one = scalar_one_or_none = scalars = mappings = _no_rows


class OnDriver:
    """Which Core statements a joined session runs on the driver, compiled once each.

    A statement goes there the second time the same object is run (so one built anew at
    every call never is), once it is known to need nothing of SQLAlchemy's execution."""

    def __init__(self, remembered: int = REMEMBERED) -> None:
        self._remembered = remembered
        self._seen: OrderedDict[int, Executable] = OrderedDict()
        self._compiled: OrderedDict[
            tuple[int, int, tuple[str, ...]], tuple[Executable, Dialect, DriverStatement | None]
        ] = OrderedDict()

    def get(
        self, statement: Executable, params: dict[str, Any], dialect: Dialect
    ) -> DriverStatement | None:
        """The statement as the driver runs it with ``params``; None: SQLAlchemy runs it."""
        names = tuple(sorted(params))
        key = (id(statement), id(dialect), names)
        known = self._compiled.get(key)
        if known is not None and known[0] is statement and known[1] is dialect:
            self._compiled.move_to_end(key)
            return known[2]
        if self._seen.get(id(statement)) is not statement:
            _remember(self._seen, id(statement), statement, self._remembered)
            return None
        compiled = _for_the_driver(statement, dialect, list(names))
        _remember(self._compiled, key, (statement, dialect, compiled), self._remembered)
        return compiled


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, most: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > most:
        cache.popitem(last=False)


def _for_the_driver(
    statement: Executable, dialect: Dialect, names: list[str]
) -> DriverStatement | None:
    """``statement`` compiled for the driver, or None if SQLAlchemy's execution must run
    it: it returns rows, a column's default is computed in Python before it runs, it has
    an IN list rendered at execution, or it carries execution options. (Several rows of
    values, a list of dicts, never come here: SQLAlchemy sends them as one statement.)"""
    if not getattr(statement, "is_dml", False) or statement._execution_options:
        return None
    compiled = DriverStatement(statement, dialect, names)
    sql = compiled._compiled
    if (
        sql.effective_returning
        or sql.insert_prefetch
        or sql.update_prefetch
        or not compiled.direct
    ):
        return None
    return compiled


#: The process's one registry (statements are shared by all its sessions).
ON_DRIVER = OnDriver()


class JoinedSession(AsyncSession):
    def _joined(self) -> AsyncConnection:
        bind = self.bind
        assert isinstance(bind, AsyncConnection)
        return bind

    async def connection(
        self, bind_arguments: Any = None, execution_options: Any = None, **kw: Any
    ) -> AsyncConnection:
        if bind_arguments is None and execution_options is None and not kw:
            return self._joined()
        return await super().connection(bind_arguments, execution_options, **kw)

    async def execute(  # type: ignore[override]
        self, statement: Executable, params: Any = None, **kw: Any
    ) -> Any:
        if kw or statement._propagate_attrs.get("compile_state_plugin") == "orm":
            return await super().execute(statement, params, **kw)
        if self.sync_session.autoflush and pending_writes(self):
            return await super().execute(statement, params, **kw)
        joined = self._joined()
        if params is None or isinstance(params, dict):
            values = params or {}
            dialect = joined.dialect
            if dialect.driver == "asyncpg":
                on_driver = ON_DRIVER.get(statement, values, dialect)
                if on_driver is not None:
                    return Changed(await execute_on_driver(joined, on_driver, values))
        return await joined.execute(statement, params)

    async def close(self) -> None:
        self.sync_session.close()
