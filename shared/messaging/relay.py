"""The outbox relay: publishes waiting outbox rows to JetStream, in order, and marks them sent.

It runs as a task in each service's lifespan, woken right after a commit and polling as a
fallback. A commit that knows its outbox row (one event, on PostgreSQL) hands it over with
the wake-up; when the last read found nothing else waiting, the round sends it as it is,
without reading it back (one round trip less on every use case's hop). The store is still
read at least every ``poll_seconds``, for rows other replicas committed.

A round takes up to a batch of waiting rows, sends them all (atomic batches where the stream
allows, else pipelined), then reads the answers in position order and marks the
acknowledged prefix sent in one statement; at the first failure it stops, and the next
round sends from there again (JetStream's duplicate window drops what it already holds,
and consumers put an aggregate's events back in order by their versions). A crash between
PubAck and marking re-sends, harmlessly. While NATS is down it backs off (exponential,
capped) and tries again.

A row the broker can never accept (over its payload limit, or refused ``max_refusals``
times) is set aside with its reason and reported (``dps_outbox_set_aside`` and an error
log), so the rows after it still leave; its aggregate's later events then wait at each
consumer behind the gap, which the consumer reports in turn. ``dps_outbox_unsent`` is the
number of rows waiting, read from the store.

The relay works on a connection of its own in autocommit mode: reading the waiting rows
and marking them sent are one statement each, so an event waits for one round trip before
it is sent. An unbroken run of rows is marked on the driver (asyncpg) itself: it is done
after every round, and SQLAlchemy's work around that one short statement costs more than
running it. On PostgreSQL that connection holds a session advisory lock, which makes one
replica the relay at a time (the others try again each poll; the lock goes with its
connection, so a dead relay frees it at once).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import zlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from nats.aio.client import Client as NATS
from prometheus_client import CollectorRegistry
from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from shared.clock import Clock
from shared.driver import DriverStatement
from shared.messaging.outbox_rows import Unsent, mark_for_republication, purge_sent, waiting
from shared.messaging.pipelined import PipelinedPublisher
from shared.messaging.relay_metrics import RelayMetrics
from shared.messaging.relay_sending import Sending

log = logging.getLogger("care_dps.relay")

__all__ = ["OutboxRelay", "RelayMetrics", "mark_for_republication", "purge_sent", "waiting"]

#: After a round that published, wait this long before the next: under load, rows gather
#: into batches (one read, one pipelined send, one mark for many) instead of one at a time.
LINGER_SECONDS = 0.002


async def stop_task(task: asyncio.Task[None], grace_seconds: float) -> None:
    """Wait for ``task`` to end by itself, then cancel it if it has not."""
    done, _ = await asyncio.wait({task}, timeout=grace_seconds)
    if not done:
        task.cancel()
    try:
        await task
    except (asyncio.CancelledError, Exception):
        pass


class _Statements:
    """The statements of every round, built once (building one costs more than running it)."""

    def __init__(self, outbox: Table, batch_size: int) -> None:
        c = outbox.c
        self.waiting = (
            select(c.position, c.event_id, c.subject, c.payload, c.headers, c.attempts,
                   c.republished)
            .where(*waiting(outbox))
            .order_by(c.position)
            .limit(batch_size)
        )
        self.mark_range = (
            update(outbox)
            .where(c.position.between(bindparam("first"), bindparam("last")))
            .values(sent_at=bindparam("at"), attempts=c.attempts + 1)
        )
        self._mark_range_on: DriverStatement | None = None

    def mark_range_on(self, dialect: Dialect) -> DriverStatement:
        """``mark_range`` as the driver runs it, compiled once."""
        if self._mark_range_on is None:
            self._mark_range_on = DriverStatement(self.mark_range, dialect)
        return self._mark_range_on


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        session_factory: async_sessionmaker[AsyncSession],
        outbox: Table,
        connection: Callable[[], NATS],
        clock: Clock,
        stream: str = "DPS",
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 10.0,
        publish_timeout_seconds: float = 5.0,
        max_refusals: int = 5,
        retention: timedelta = timedelta(days=30),
        use_advisory_lock: bool = False,
        metrics_registry: CollectorRegistry | None = None,
    ) -> None:
        self.service = service
        self._session_factory = session_factory
        self._engine = session_factory.kw["bind"]
        self._own: AsyncConnection | None = None
        #: The own connection's driver (asyncpg), which marks rows sent itself (PostgreSQL).
        self._driver: Any = None
        self._leading = False
        self._outbox = outbox
        self._connection = connection
        self._publisher: PipelinedPublisher | None = None
        self._clock = clock
        self._stream = stream
        self._batch_size = batch_size
        self._statements = _Statements(outbox, batch_size)
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._retention = retention
        self._lock_key = (
            zlib.crc32(f"care-dps-relay-{service}".encode()) if use_advisory_lock else None
        )
        self._wake = asyncio.Event()
        self._one_round = asyncio.Lock()
        #: Rows committed in this process since the last round, handed over as they are.
        self._handed: list[Unsent] = []
        #: The last read found every waiting row and all of them left: a round may send
        #: what it was handed without reading the store (until the next poll is due).
        self._caught_up = False
        self._next_read = 0.0
        self._last_round_handed = False
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_purge: datetime | None = None
        self.metrics = RelayMetrics(service, metrics_registry)
        self._sending = Sending(
            service=service,
            timeout=publish_timeout_seconds,
            max_refusals=max_refusals,
            metrics=self.metrics,
        )

    # Life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._stopping = False
        self._caught_up = False  # whatever came while stopped: read the store first
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Let the round in progress finish (cancelling it mid-statement can leak a
        connection), then stop; cancel only if it does not finish within the grace."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await stop_task(self._task, grace_seconds)
            self._task = None
        await self._let_go()

    def wake(self, handed: Sequence[Unsent] = ()) -> None:
        """Called after every commit that wrote outbox rows, with those rows if it knows
        them (then they leave without a read of the store, when nothing else waits)."""
        if handed:
            self._handed.extend(handed)
        else:
            self._caught_up = False  # rows we were not handed: the next round reads them
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
                if published and not self._stopping and not self._last_round_handed:
                    continue  # the round lingered before marking: more may have come
                await self._sleep(self._poll_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # NATS down, database hiccup: try again later
                self.metrics.failures.inc()
                await self._count_waiting()
                log.warning("outbox relay round failed (%s); retrying in %.1fs", error, backoff)
                await self._sleep(backoff * (0.5 + random.random() / 2))
                backoff = min(backoff * 2, self._max_backoff)

    async def _sleep(self, seconds: float) -> None:
        try:
            async with asyncio.timeout(seconds):  # (no task of its own, as wait_for's)
                await self._wake.wait()
        except TimeoutError:
            pass
        self._wake.clear()

    def _pipeline(self) -> PipelinedPublisher:
        connection = self._connection()
        if self._publisher is None or self._publisher.connection is not connection:
            self._publisher = PipelinedPublisher(connection, self._stream)
        return self._publisher

    async def _count_waiting(self) -> None:
        try:
            async with self._session_factory() as session:
                count = await session.scalar(
                    select(func.count()).select_from(self._outbox).where(*waiting(self._outbox))
                )
            self.metrics.unsent.set(count or 0)
        except Exception:  # the database is away too; the gauge keeps its last value
            pass

    # One round ----------------------------------------------------------------------------
    async def _leader_connection(self) -> AsyncConnection | None:
        """The relay's own autocommit connection, if this replica is the relay."""
        if self._own is None:
            connection = await self._engine.connect()
            self._own = await connection.execution_options(isolation_level="AUTOCOMMIT")
            if connection.dialect.name == "postgresql":
                # Marking rows sent is bookkeeping: a mark lost to a database crash only
                # sends those events again, which JetStream and the consumers drop. So it
                # does not wait for its own fsync, nor make a consumer's commit wait behind
                # it. (This connection is closed, never pooled, when the relay lets go.)
                await self._own.exec_driver_sql("SET synchronous_commit TO OFF")
                if connection.dialect.driver == "asyncpg":
                    self._driver = (await self._own.get_raw_connection()).driver_connection
            self._leading = self._lock_key is None
        if not self._leading:
            self._leading = bool(
                await self._own.scalar(select(func.pg_try_advisory_lock(self._lock_key)))
            )
        return self._own if self._leading else None

    async def _let_go(self) -> None:
        """Close the relay's connection (releasing the lock): the next round starts anew."""
        own, self._own, self._leading, self._driver = self._own, None, False, None
        if own is not None:
            try:
                # Really closed, not returned to the pool: the session (and its lock) ends.
                await own.invalidate()
                await own.close()
            except Exception:  # already broken
                pass

    async def relay_once(self) -> int:
        """Publish up to one batch of waiting rows in order; return how many were published.

        One round at a time (a caller's, an operator's, the relay task's): a round's
        statements share the relay's one connection, some of them on its driver."""
        async with self._one_round:
            try:
                return await self._round()
            except BaseException:
                self._caught_up = False
                await self._let_go()
                raise

    async def _round(self) -> int:
        outbox = self._outbox
        connection = await self._leader_connection()
        handed, self._handed = self._handed, []
        self._last_round_handed = False
        if connection is None:
            return 0  # another replica is the relay (it reads what we committed)
        now = time.monotonic()
        rows: Sequence[Any]
        if handed and self._caught_up and now < self._next_read:
            # Nothing else waited at the last read: send what was just committed, as is, and
            # all of it (the batch bounds what a read loads; these rows are loaded already).
            rows, self._last_round_handed = handed, True
        else:
            # Rows committed before this read are in it, the handed ones too.
            rows = (await connection.execute(self._statements.waiting)).all()
            self._next_read = now + self._poll_seconds
            self._caught_up = False
            if not rows:
                self._caught_up = True
                self.metrics.unsent.set(0)
                return 0
            if len(rows) >= self._batch_size and handed:
                # A commit bigger than a read (a call-off to a whole lot): what the read
                # left of it is in hand, and goes in this round rather than wait for the
                # next read. Rows of others the read left wait for that one.
                last = rows[-1].position
                rows = [*rows, *(row for row in handed if row.position > last)]
        sent, set_aside, failure, failed_row = await self._sending.send(self._pipeline(), rows)
        if sent:
            # The consumers are committing what was just stored: let their fsync go first.
            await asyncio.sleep(LINGER_SECONDS)
        await self._mark_sent(connection, sent)
        for position, reason in set_aside:
            await connection.execute(
                update(outbox)
                .where(outbox.c.position == position)
                .values(set_aside_at=self._clock.now(), set_aside_reason=reason[:2000])
            )
        if failure is not None and failed_row is not None:
            await connection.execute(
                update(outbox)
                .where(outbox.c.position == failed_row)
                .values(attempts=outbox.c.attempts + 1, last_error=str(failure)[:500])
            )
        self.metrics.published.inc(len(sent))
        for position, reason in set_aside:
            self.metrics.set_aside.inc()
            log.error("%s: outbox row %s set aside: %s", self.service, position, reason)
        if failure is not None or len(rows) >= self._batch_size or set_aside:
            await self._count_waiting()
        elif not self._last_round_handed:
            self.metrics.unsent.set(0)
            self._caught_up = True
        if failure is not None:
            raise failure
        return len(sent)

    async def _mark_sent(self, connection: AsyncConnection, positions: list[int]) -> None:
        if not positions:
            return
        column = self._outbox.c.position
        # Usually an unbroken run: a range is one short statement however long the run
        # (thousands of bound positions cost more than the update itself).
        if positions[-1] - positions[0] + 1 == len(positions) and positions == sorted(positions):
            values = {"first": positions[0], "last": positions[-1], "at": self._clock.now()}
            if self._driver is not None:
                # On the driver itself: this runs after every round, and SQLAlchemy's work
                # around one short statement costs more than the statement.
                statement = self._statements.mark_range_on(connection.dialect)
                await self._driver.execute(statement.sql, *statement.arguments(values))
                return
            await connection.execute(self._statements.mark_range, values)
            return
        await connection.execute(
            update(self._outbox)
            .where(column.in_(positions))
            .values(sent_at=self._clock.now(), attempts=self._outbox.c.attempts + 1)
        )

    # Retention and re-publication ----------------------------------------------------------
    async def _purge_if_due(self) -> None:
        now = self._clock.now()
        if self._last_purge and now - self._last_purge < timedelta(hours=1):
            return
        self._last_purge = now
        await purge_sent(self._session_factory, self._outbox, now - self._retention)

