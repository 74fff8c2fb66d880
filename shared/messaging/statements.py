"""Statements built once and reused: on the hot path, building a SQLAlchemy statement costs
more CPU than running it. Each is cached per table, dialect and number of rows, with its
values as bound parameters (``<column><row>``: ``version0``, ``version1`` ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

_CACHE: dict[tuple[Any, ...], Any] = {}


def rows_parameters(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``[{"a": 1}, {"a": 2}]`` -> ``{"a0": 1, "a1": 2}``, for a cached multi-row statement."""
    return {f"{column}{n}": value for n, row in enumerate(rows) for column, value in row.items()}


def upsert(
    table: Table,
    dialect: str,
    columns: Sequence[str],
    rows: int,
    *,
    key: Sequence[str],
    on_conflict: Callable[[Table, Any], dict[str, Any]] | None,
    returning: Sequence[str] = (),
    name: str,
) -> Any:
    """INSERT of ``rows`` rows ... ON CONFLICT (``key``) DO UPDATE (or NOTHING) [RETURNING]."""
    cache_key = (name, id(table), dialect, rows)
    statement = _CACHE.get(cache_key)
    if statement is None:
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(table).values(
            [{c: bindparam(f"{c}{n}", type_=table.c[c].type) for c in columns} for n in range(rows)]
        )
        index = [table.c[k] for k in key]
        if on_conflict is None:
            statement = statement.on_conflict_do_nothing(index_elements=index)
        else:
            statement = statement.on_conflict_do_update(
                index_elements=index, set_=on_conflict(table, statement.excluded)
            )
        if returning:
            statement = statement.returning(*(table.c[c] for c in returning))
        _CACHE[cache_key] = statement
    return statement
