"""The outbox relay: publishes unsent outbox rows to JetStream, in order, and marks them sent.

It runs as a task in each service's lifespan. It is woken right after a commit and also
polls. It waits for JetStream's PubAck before marking a row sent; a crash between the two
re-sends the row, and JetStream's duplicate window (``Nats-Msg-Id``) or the consumer's inbox
drops the copy. While NATS is down it backs off (exponential, capped) and tries again.
On PostgreSQL an advisory lock lets only one replica relay at a time, so order holds.
"""

from __future__ import annotations

import asyncio
import logging
import random
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta

from nats.js.client import JetStreamContext
from prometheus_client import CollectorRegistry, Counter, Gauge
from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.clock import Clock

log = logging.getLogger("care_dps.relay")


class RelayMetrics:
    def __init__(self, service: str, registry: CollectorRegistry | None) -> None:
        self.published = Counter(
            "dps_outbox_published", "Events the relay published", ["service"], registry=registry
        ).labels(service)
        self.failures = Counter(
            "dps_outbox_publish_failures", "Failed relay rounds", ["service"], registry=registry
        ).labels(service)
        self.unsent = Gauge(
            "dps_outbox_unsent", "Outbox rows not yet acknowledged", ["service"], registry=registry
        ).labels(service)


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        session_factory: async_sessionmaker[AsyncSession],
        outbox: Table,
        jetstream: Callable[[], JetStreamContext],
        clock: Clock,
        stream: str = "DPS",
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 10.0,
        publish_timeout_seconds: float = 5.0,
        retention: timedelta = timedelta(days=30),
        use_advisory_lock: bool = False,
        metrics_registry: CollectorRegistry | None = None,
    ) -> None:
        self.service = service
        self._session_factory = session_factory
        self._outbox = outbox
        self._jetstream = jetstream
        self._clock = clock
        self._stream = stream
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._publish_timeout = publish_timeout_seconds
        self._retention = retention
        self._lock_key = (
            zlib.crc32(f"care-dps-relay-{service}".encode()) if use_advisory_lock else None
        )
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_purge: datetime | None = None
        self.metrics = RelayMetrics(service, metrics_registry)

    # Life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def wake(self) -> None:
        """Called after every commit that wrote outbox rows."""
        self._wake.set()

    async def _run(self) -> None:
        backoff = 0.1
        while not self._stopping:
            try:
                published = await self.relay_once()
                backoff = 0.1
                await self._purge_if_due()
                if published >= self._batch_size:
                    continue  # more may be waiting
                await self._sleep(self._poll_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # NATS down, database hiccup: try again later
                self.metrics.failures.inc()
                log.warning("outbox relay round failed (%s); retrying in %.1fs", error, backoff)
                await self._sleep(backoff * (0.5 + random.random() / 2))
                backoff = min(backoff * 2, self._max_backoff)

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            pass
        self._wake.clear()

    # One round ----------------------------------------------------------------------------
    async def relay_once(self) -> int:
        """Publish up to one batch of unsent rows in order; return how many were published."""
        outbox = self._outbox
        async with self._session_factory() as session, session.begin():
            if self._lock_key is not None:
                got = await session.scalar(select(func.pg_try_advisory_xact_lock(self._lock_key)))
                if not got:
                    return 0  # another replica is relaying
            rows = (
                await session.execute(
                    select(outbox.c.position, outbox.c.subject, outbox.c.payload, outbox.c.headers)
                    .where(outbox.c.sent_at.is_(None))
                    .order_by(outbox.c.position)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                self.metrics.unsent.set(0)
                return 0
            js = self._jetstream()
            published: list[int] = []
            failure: Exception | None = None
            for row in rows:
                try:
                    await js.publish(
                        row.subject,
                        row.payload.encode(),
                        headers=dict(row.headers),
                        timeout=self._publish_timeout,
                        stream=self._stream,
                    )
                except Exception as error:  # stop at the first failure: order must hold
                    failure = error
                    await session.execute(
                        update(outbox)
                        .where(outbox.c.position == row.position)
                        .values(attempts=outbox.c.attempts + 1, last_error=str(error)[:500])
                    )
                    break
                published.append(row.position)
            await self._mark_sent(session, published)
        self.metrics.published.inc(len(published))
        if failure is not None:
            raise failure
        return len(published)

    async def _mark_sent(self, session: AsyncSession, positions: list[int]) -> None:
        if positions:
            await session.execute(
                update(self._outbox)
                .where(self._outbox.c.position.in_(positions))
                .values(sent_at=self._clock.now(), attempts=self._outbox.c.attempts + 1)
            )

    # Retention and re-publication ----------------------------------------------------------
    async def _purge_if_due(self) -> None:
        now = self._clock.now()
        if self._last_purge and now - self._last_purge < timedelta(hours=1):
            return
        self._last_purge = now
        await purge_sent(self._session_factory, self._outbox, now - self._retention)


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

    Safe by design: JetStream drops a copy it still holds (``Nats-Msg-Id``), and every
    consumer's inbox drops an event it has already applied.
    """
    conditions = [outbox.c.sent_at.is_not(None)]
    if from_position is not None:
        conditions.append(outbox.c.position >= from_position)
    if to_position is not None:
        conditions.append(outbox.c.position <= to_position)
    if since is not None:
        conditions.append(outbox.c.created_at >= since)
    async with session_factory() as session, session.begin():
        result = await session.execute(update(outbox).where(*conditions).values(sent_at=None))
        return result.rowcount or 0
