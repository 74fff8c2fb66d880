"""Statements run on the database driver itself, compiled once by SQLAlchemy.

Where a statement runs on a hot path and SQLAlchemy's per-statement work (its execution
context, a cursor, the result) costs more than the statement's round trip, it is compiled
once and handed to the driver (asyncpg, aiosqlite) as SQL text with its arguments in order.
The columns' types still convert values both ways, as SQLAlchemy would: bound values through
their bind processors, results through their result processors. Used by the kept reads
(``shared.reads``) and by the consumers' own connection (``shared.messaging.own_connection``).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable

Convert = Callable[[Any], Any] | None


class DriverStatement:
    """A statement as its driver runs it: SQL text, parameter order, conversions both ways."""

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.order = list(compiled.positiontup or ())
        self._compiled = compiled
        #: An IN list (expanding parameter) is rendered at execution: SQLAlchemy runs those.
        self.direct = not any(bind.expanding for bind in compiled.binds.values())
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

    def read(self, found: Any) -> Any:
        assert self.results is not None
        return self.row(*(
            value if convert is None else convert(value)
            for value, convert in zip(found, self.results, strict=True)
        ))
