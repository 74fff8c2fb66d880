"""What time does to notices: a scheduled notice is issued when its time comes (a dynamic
market's establishment on its start, PCR award notices grouped each quarter after the
quarter), and a notice still not published after its due date is reported once
(``NoticeOverdue``) and listed (``GET /notices/overdue``).

Each process is handled in a transaction of its own; on PostgreSQL a process another
replica holds is skipped (``FOR UPDATE SKIP LOCKED``) and left to it; a process handled
meanwhile is found with nothing left to do. A failure is logged with the process's id and
the pass goes on.
"""

from __future__ import annotations

from uuid import UUID

from services.contracts.store import ContractsUnitOfWork
from shared.ticker import Ticker


class PublicationTicker(Ticker[ContractsUnitOfWork]):
    service = "contracts.publication"

    async def __call__(self) -> int:
        """One pass; the number of processes that published or reported something."""
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.processes.due(now, self._batch)
        return await self.each("process", ids, self._tick)

    async def _tick(self, process_id: UUID) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            process = await uow.processes.claim(process_id)
            if process is None:
                return 0
            releases = process.tick(now)
            await uow.feed.append(process, releases, now)
            return int(bool(await uow.commit()))
