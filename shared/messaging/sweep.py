"""A consumer's safety net, run between batches: drain what is due, report old gaps, purge
the inbox, count what is parked.

A drain can be missed (a failed drain, a crash between commit and drain); the sweep finds
every aggregate whose next version waits parked and drains it. A gap older than its bound
is reported once per parked event (a dead letter with the reason, a metric, an error log);
the event stays parked, so it still applies if the missing one comes. Inbox rows (events
without a version) are kept longer than JetStream's duplicate window, then deleted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete

from shared.clock import Clock
from shared.messaging.consumer_metrics import ConsumerMetrics
from shared.messaging.ordering import Key, OrderingStore, Parked
from shared.uow import UnitOfWork

log = logging.getLogger("care_dps.consumer")

_PURGE_EVERY_SECONDS = 3600


class Sweep:
    def __init__(
        self,
        *,
        consumer: str,
        store: OrderingStore,
        inbox: Table,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        gap_bound: timedelta,
        inbox_retention: timedelta,
        drain: Callable[[Key], Awaitable[None]],
        dead_letter: Callable[..., Awaitable[None]],
        metrics: ConsumerMetrics,
    ) -> None:
        self._consumer = consumer
        self._store = store
        self._inbox = inbox
        self._uow_factory = uow_factory
        self._clock = clock
        self._gap_bound = gap_bound
        self._inbox_retention = inbox_retention
        self._drain = drain
        self._dead_letter = dead_letter
        self._gaps = metrics.gaps.labels(consumer)
        self._parked = metrics.parked.labels(consumer)
        self._last_purge: float | None = None

    async def run(self) -> None:
        try:
            for key in await self._read(self._store.ready_to_drain):
                await self._drain(key)
            await self._report_gaps()
            self._parked.set(await self._read(self._store.count_parked))
            await self._purge_inbox()
        except Exception as error:  # an outage: the next sweep tries again
            log.warning("%s: sweep failed (%r)", self._consumer, error)

    async def _read(self, query: Callable[[Any], Awaitable[Any]]) -> Any:
        async with self._uow_factory() as uow:
            return await query(await uow.session.connection())

    async def _report_gaps(self) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            overdue = await self._store.claim_overdue(connection, now - self._gap_bound, now)
            for parked, at in overdue:
                await self._dead_letter(parked, self._reason(parked, at), tag="-gap")
                self._gaps.inc()
            await uow.commit()

    def _reason(self, parked: Parked, at: int) -> str:
        return (
            f"gap: {parked.key[0]} {parked.key[1]} waits for version {at + 1};"
            f" version {parked.version} parked behind it for over"
            f" {self._gap_bound.total_seconds():.0f}s (applied when the gap fills)"
        )

    async def _purge_inbox(self) -> None:
        if self._last_purge is not None and (
            time.monotonic() - self._last_purge < _PURGE_EVERY_SECONDS
        ):
            return
        self._last_purge = time.monotonic()
        inbox = self._inbox
        before = self._clock.now() - self._inbox_retention
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            await connection.execute(
                delete(inbox).where(
                    inbox.c.consumer == self._consumer, inbox.c.processed_at < before
                )
            )
            await uow.commit()
