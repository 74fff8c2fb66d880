"""What every repository of the call-off store shares: versioned updates of aggregates.

Each aggregate row carries a ``version``; an update names the version it was loaded at and
raises it by one. If another transaction changed the row meanwhile, nothing is updated and
``StaleDataError`` says so: the API answers 409 ``concurrent_change`` and nothing is
written; a ticker pass logs it and tries the row again next time. (On PostgreSQL the loads
that change also lock the row, so this is the rare race SQLite can lose.)
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError


async def update_versioned(
    session: AsyncSession, table: Table, id: UUID, version: int, values: dict[str, Any]
) -> int:
    """Write ``values`` to the row at ``version``; returns the new version."""
    result = await session.execute(
        update(table)
        .where(table.c.id == id, table.c.version == version)
        .values(**values, version=version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleDataError(f"{table.name} {id} was changed by someone else meanwhile")
    return version + 1
