"""Inserting many rows in one go: PostgreSQL's COPY where it can, one INSERT elsewhere.

``INSERT ... VALUES`` executed for ten thousand rows costs a round of parameter handling
per row; COPY streams them in one command, several times faster. It runs on the same
connection, inside the transaction already open, so it commits (or rolls back) with the
rest of the unit of work. Rows are given as the table's column values, already in the form
the database stores (aware UTC datetimes, JSON as text): COPY applies no column type of
SQLAlchemy's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

#: Below this, one INSERT is as fast and simpler.
COPY_FROM_ROWS = 100


async def insert_rows(
    connection: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Insert ``rows`` (each with the same keys) into ``table``, within the transaction."""
    if not rows:
        return
    if len(rows) >= COPY_FROM_ROWS and connection.dialect.name == "postgresql":
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        if driver is not None and driver.is_in_transaction():
            columns = list(rows[0])
            plan = [(c, _conversion(table.c[c].type)) for c in columns]
            records = [
                tuple(row[c] if convert is None else convert(row[c]) for c, convert in plan)
                for row in rows
            ]
            await driver.copy_records_to_table(
                table.name, records=records, columns=columns, schema_name=table.schema
            )
            return
    await connection.execute(insert(table), list(rows))


def _conversion(kind: Any) -> Callable[[Any], Any] | None:
    """What a column's values need before COPY (None: nothing; asked once per column)."""
    if isinstance(kind, JSON):
        return _json
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return _stored
    return _stored if issubclass(python_type, datetime) or python_type is object else None


def _json(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else json.dumps(value)


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone-aware UTC time")
        return value.astimezone(UTC)
    return value
