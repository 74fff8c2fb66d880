"""What the passing of time does: call-offs past their deadline close.

Run every ``CALLOFF_TICKER_SECONDS`` by the runtime, with the runtime's clock (tests move
it). Each due call-off closes in a transaction of its own: one that fails is logged with its
id and counted, and the pass goes on. With two replicas, each claims a call-off with
``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and skips one the other holds; the status read
after the claim tells it whether the other closed it already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.calloff.handlers.call_offs import close_in
from services.calloff.store import CalloffUnitOfWork
from shared.actors import system_actor
from shared.clock import Clock

log = logging.getLogger("care_dps.calloff.ticker")


@dataclass(frozen=True)
class TickReport:
    closed: int = 0
    failed: int = 0


class CallOffTicker:
    def __init__(
        self, uow: Callable[[], CalloffUnitOfWork], clock: Clock, *, batch_size: int = 200
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._batch = batch_size
        self._actor = system_actor("calloff")

    async def __call__(self) -> TickReport:
        now = self._clock.now()
        async with self._uow() as uow:
            due = await uow.call_offs.due(now, self._batch)
        closed = failed = 0
        for call_off_id in due:
            try:
                closed += await self._close(call_off_id, now)
            except Exception:
                failed += 1
                log.exception("call-off ticker: closing %s failed; the pass goes on", call_off_id)
        return TickReport(closed=closed, failed=failed)

    async def _close(self, call_off_id: UUID, now: datetime) -> bool:
        async with self._uow() as uow:
            call_off = await uow.call_offs.claim(call_off_id)
            if call_off is None or not call_off.is_due(now):
                return False  # another replica holds it, or has closed it
            await close_in(uow, call_off, actor=self._actor, now=now, early=False)
            await uow.commit()
        return True
