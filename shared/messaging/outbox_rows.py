"""The outbox's rows outside the relay's round: which wait, purging sent ones after their
retention, and marking a range for re-publication (``dps outbox republish``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


@dataclass(frozen=True)
class Unsent:
    """An outbox row just committed, handed to the relay as it is (``OutboxRelay.wake``):
    the columns a round reads, so the relay can send it without reading it back."""

    position: int
    event_id: Any
    subject: str
    payload: str
    headers: dict[str, str] = field(hash=False)
    attempts: int = 0
    republished: int = 0


def waiting(outbox: Table) -> list[object]:
    """The condition of a row still to publish."""
    return [outbox.c.sent_at.is_(None), outbox.c.set_aside_at.is_(None)]


async def purge_sent(
    session_factory: async_sessionmaker[AsyncSession], outbox: Table, before: datetime
) -> int:
    """Delete rows sent before ``before``. Unsent rows are never deleted."""
    async with session_factory() as session, session.begin():
        result = await session.execute(
            delete(outbox).where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < before)
        )
        return result.rowcount or 0


async def mark_for_republication(
    session_factory: async_sessionmaker[AsyncSession],
    outbox: Table,
    *,
    from_position: int | None = None,
    to_position: int | None = None,
    since: datetime | None = None,
) -> int:
    """Mark kept, sent rows unsent again so the relay re-publishes them in order.

    Each copy gets a new ``Nats-Msg-Id`` (``<event id>.republished.<n>``), so JetStream
    stores it even inside its duplicate window; every consumer's position on the event's
    aggregate (or its inbox) makes it harmless.
    """
    conditions = [outbox.c.sent_at.is_not(None)]
    if from_position is not None:
        conditions.append(outbox.c.position >= from_position)
    if to_position is not None:
        conditions.append(outbox.c.position <= to_position)
    if since is not None:
        conditions.append(outbox.c.created_at >= since)
    async with session_factory() as session, session.begin():
        result = await session.execute(
            update(outbox)
            .where(*conditions)
            .values(sent_at=None, republished=outbox.c.republished + 1)
        )
        return result.rowcount or 0
