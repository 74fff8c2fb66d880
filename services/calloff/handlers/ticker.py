"""What the passing of time does: call-offs past their deadline close.

Run every ``CALLOFF_TICKER_SECONDS`` by the runtime, with the runtime's clock (tests move
it). Each due call-off closes in a transaction of its own: one that fails is logged with its
id and counted, and the pass goes on. With two replicas, each claims a call-off with
``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and skips one the other holds; the status read
after the claim tells it whether the other closed it already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.calloff.handlers.call_offs import close_in
from services.calloff.store import CalloffUnitOfWork
from shared.actors import system_actor
from shared.ticker import Ticker


@dataclass(frozen=True)
class TickReport:
    closed: int = 0
    failed: int = 0


class CallOffTicker(Ticker[CalloffUnitOfWork]):
    service = "calloff"

    async def __call__(self) -> TickReport:
        self.failed = 0
        now = self._clock.now()
        async with self._uow() as uow:
            due = await uow.call_offs.due(now, self._batch)
        closed = await self.each("call-off", due, lambda call_off_id: self._close(call_off_id, now))
        return TickReport(closed=closed, failed=self.failed)

    async def _close(self, call_off_id: UUID, now: datetime) -> bool:
        actor = system_actor("calloff")
        async with self._uow() as uow:
            call_off = await uow.call_offs.claim(call_off_id)
            if call_off is None or not call_off.is_due(now):
                return False  # another replica holds it, or has closed it
            await close_in(uow, call_off, actor=actor, now=now, early=False)
            await uow.commit()
        return True
