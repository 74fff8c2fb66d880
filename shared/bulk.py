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
from collections.abc import Sequence
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
            kinds = [table.c[c].type for c in columns]
            records = [
                tuple(_stored(row[c], kind) for c, kind in zip(columns, kinds, strict=True))
                for row in rows
            ]
            await driver.copy_records_to_table(
                table.name, records=records, columns=columns, schema_name=table.schema
            )
            return
    await connection.execute(insert(table), list(rows))


def _stored(value: Any, kind: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, JSON):
        return value if isinstance(value, str) else json.dumps(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone-aware UTC time")
        return value.astimezone(UTC)
    return value
