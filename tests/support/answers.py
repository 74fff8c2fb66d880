"""What the services' API tests check on every answer: a problem document, and whether a
refused request left the store as it was."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert a problem document with this status and stable type; return it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:care-dps:problem:{code}", body
    return body


async def fingerprint(
    session_factory: async_sessionmaker[AsyncSession], metadata: MetaData
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the outbox by event id: the relay marks rows sent
    meanwhile). Equal fingerprints: nothing changed."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with session_factory() as session:
        for name, table in metadata.tables.items():
            columns = [table.c.event_id] if name == "outbox" else list(table.c)
            rows = (await session.execute(select(*columns))).all()
            out[name] = sorted(tuple(map(str, row)) for row in rows)
    return out
