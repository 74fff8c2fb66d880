"""Upserts built once and reused: on the hot path, building and compiling a SQLAlchemy
statement costs more CPU than running it.

The statement names no rows of its own: it is run with a list of rows, which SQLAlchemy's
"insertmanyvalues" turns into one ``INSERT ... VALUES (...), (...)`` per thousand rows,
RETURNING included. So it stays in SQLAlchemy's compiled cache whatever the number of
rows. (A statement built with ``.values([...])`` for several rows has no cache key: it was
compiled again on every run, which cost more than its round trip.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

#: By name, table and dialect; each statement kept with its table, so that the table's id
#: names no other table while it is here (tests make tables and let them go).
_CACHE: dict[tuple[Any, ...], tuple[Table, Any]] = {}


def upsert(
    table: Table,
    dialect: str,
    *,
    key: Sequence[str],
    on_conflict: Callable[[Table, Any], dict[str, Any]] | None,
    returning: Sequence[str] = (),
    name: str,
) -> Any:
    """INSERT ... ON CONFLICT (``key``) DO UPDATE (or NOTHING) [RETURNING], for any rows.

    Run it with ``connection.execute(statement, rows)``: the columns are the rows' keys.
    """
    cache_key = (name, id(table), dialect)
    found = _CACHE.get(cache_key)
    if found is None:
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(table)
        index = [table.c[k] for k in key]
        if on_conflict is None:
            statement = statement.on_conflict_do_nothing(index_elements=index)
        else:
            statement = statement.on_conflict_do_update(
                index_elements=index, set_=on_conflict(table, statement.excluded)
            )
        if returning:
            statement = statement.returning(*(table.c[c] for c in returning))
        found = _CACHE[cache_key] = (table, statement)
    return found[1]
