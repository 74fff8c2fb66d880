"""A consumer's pause through an outage: its database or the broker away.

The consumer stops taking events, keeps the ones in hand (and those already delivered to
it) from redelivery with "in progress" acks, and asks again, backing off to every 2 s, until
what was away answers; then it resumes with the same events. ``dps_consumer_paused`` is 1
meanwhile, and ``dps_consumer_outages_total`` counts the pauses by what was down.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from nats.aio.msg import Msg

from shared.messaging.consumer_metrics import ConsumerMetrics

log = logging.getLogger("care_dps.consumer")


class Outages:
    def __init__(
        self,
        *,
        consumer: str,
        ack_wait_seconds: float,
        reachable: dict[str, Callable[[], Awaitable[bool]]],
        delivered: Callable[[], list[Msg]],
        metrics: ConsumerMetrics,
    ) -> None:
        self._consumer = consumer
        self._ack_wait = ack_wait_seconds
        self._reachable = reachable
        self._delivered = delivered
        self._paused = metrics.paused.labels(consumer)
        self._outages = metrics.outages

    async def pause(self, what: str, held: list[Msg]) -> None:
        """Wait for ``what`` ("database" or "broker") to come back."""
        self._paused.set(1)
        self._outages.labels(self._consumer, what).inc()
        started = time.monotonic()
        log.warning("%s: %s unreachable; paused", self._consumer, what)
        delay, kept_alive = 0.05, started
        while not await self._reachable[what]():
            if time.monotonic() - kept_alive > self._ack_wait / 3:
                kept_alive = time.monotonic()
                await self._keep_alive(held)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
        self._paused.set(0)
        waited = time.monotonic() - started
        log.warning("%s: %s back after %.1fs; resumed", self._consumer, what, waited)

    async def _keep_alive(self, held: list[Msg]) -> None:
        for msg in [*held, *self._delivered()]:
            try:
                await msg.in_progress()
            except Exception:  # the broker is away too: they may come back, as duplicates
                return
