"""What every service's ticker shares: a pass over due rows, each in a transaction of its own.

A service's ticker (run by ``runtime.every``) finds the rows whose time has come and hands
each to ``Ticker.each``: the row's work opens its own unit of work, claims the row (``FOR
UPDATE SKIP LOCKED`` on PostgreSQL, so another replica's row is skipped and handled there),
changes it and commits. A row that fails is logged with its id and counted, and the pass
goes on with the next, so one bad row never holds up the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Generic, TypeVar
from uuid import UUID

from shared.clock import Clock
from shared.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


class Ticker(Generic[U]):
    """Subclass with the service's passes; each calls ``each`` on the ids it found due."""

    #: How the service names itself in the log.
    service = "service"

    def __init__(self, uow: Callable[[], U], clock: Clock, *, batch_size: int = 200) -> None:
        self._uow = uow
        self._clock = clock
        self._batch = batch_size
        self.failed = 0

    async def each(
        self, kind: str, ids: Iterable[UUID], work: Callable[[UUID], Awaitable[object]]
    ) -> int:
        """Run ``work`` for each id; how many said they changed something (a truthy result)."""
        changed = 0
        for row_id in ids:
            try:
                changed += bool(await work(row_id))
            except Exception:
                self.failed += 1
                logging.getLogger(f"care_dps.{self.service}.ticker").exception(
                    "%s ticker: %s %s failed; the pass goes on", self.service, kind, row_id
                )
        return changed
