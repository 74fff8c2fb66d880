"""What the passing of time does, run every ``ticker_seconds`` (and on demand in tests).

Three passes, each picking due rows and handling each in a transaction of its own: a row
that fails is logged (with its id) and counted, and the pass goes on with the next, so one
bad row never holds up the rest. On PostgreSQL a row another replica holds is skipped
(``FOR UPDATE SKIP LOCKED``) and handled by that replica.

- DPSs: reopening windows open and close, closed lots stop admitting after the initial
  window, a DPS expires at the end of its term.
- Re-declarations: a request unanswered past its due time is marked missed, and the member
  suspended if its DPS says so.
- Documents: a document expiring within the DPS's warning period is warned about once
  (``DocumentExpiring``); once expired, the memberships needing it are suspended if the DPS
  says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select

from services.registry.domain.compliance import check_documents, check_redeclarations
from services.registry.domain.dps import DpsStatus
from services.registry.store import RegistryUnitOfWork
from services.registry.store import tables as t
from shared.ticker import Ticker
from shared.workdays import local_date


@dataclass(frozen=True)
class TickReport:
    """How many aggregates each pass changed (events published), and how many rows failed."""

    dps_changed: int = 0
    redeclarations_missed: int = 0
    providers_checked: int = 0
    failed: int = 0


class RegistryTicker(Ticker[RegistryUnitOfWork]):
    service = "registry"

    async def __call__(self) -> TickReport:
        self.failed = 0
        return TickReport(
            dps_changed=await self.advance_dps(),
            redeclarations_missed=await self.check_redeclarations(),
            providers_checked=await self.check_documents(),
            failed=self.failed,
        )

    async def advance_dps(self) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.dps.open_ids(limit=10_000)
        return await self.each("DPS", ids, lambda dps_id: self._advance(dps_id, now))

    async def _advance(self, dps_id: UUID, now: datetime) -> bool:
        async with self._uow() as uow:
            dps = await uow.dps.claim(dps_id)
            if dps is None or dps.status is not DpsStatus.OPEN:
                return False
            dps.advance(now)
            return bool(await uow.commit())

    async def check_redeclarations(self) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.memberships.with_missed_redeclarations(now, self._batch)
        await self.each("membership", ids, lambda m: self._check_redeclarations(m, now))
        return len(ids)

    async def _check_redeclarations(self, membership_id: UUID, now: datetime) -> None:
        async with self._uow() as uow:
            membership = await uow.memberships.claim(membership_id)
            if membership is None:
                return
            dps = await uow.dps.find(membership.dps_id)
            if dps is None:
                return
            check_redeclarations(dps=dps, memberships=[membership], now=now)
            await uow.commit()

    async def check_documents(self) -> int:
        now = self._clock.now()
        today = local_date(now)
        async with self._uow() as uow:
            warning_days = await uow.session.scalar(
                select(func.max(t.dps.c.document_warning_days)).where(
                    t.dps.c.status == DpsStatus.OPEN
                )
            )
        warn_until = today + timedelta(days=int(warning_days or 0))
        checked, after = 0, None
        while True:  # page on: a provider whose documents no lot needs stays a candidate
            async with self._uow() as uow:
                ids = await uow.providers.with_documents_to_check(
                    today, warn_until, self._batch, after=after
                )
            await self.each("provider", ids, lambda p: self._check_provider(p, now))
            checked += len(ids)
            if len(ids) < self._batch:
                return checked
            after = ids[-1]

    async def _check_provider(self, provider_id: UUID, now: datetime) -> None:
        async with self._uow() as uow:
            provider = await uow.providers.claim(provider_id)
            if provider is None:
                return
            memberships = await uow.memberships.current(provider_id=provider_id)
            for dps_id in dict.fromkeys(m.dps_id for m in memberships):
                dps = await uow.dps.find(dps_id)
                if dps is not None:
                    check_documents(dps=dps, provider=provider, memberships=memberships, now=now)
            await uow.commit()
