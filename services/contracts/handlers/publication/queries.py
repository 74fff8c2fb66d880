"""The council's reads and choices about notices, and the feed's pages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.contracts.domain.publication.errors import GroupingNotAllowed, ProcessNotFound
from services.contracts.domain.publication.facts import DpsFacts
from services.contracts.domain.publication.notices import Notice, NoticeStatus
from services.contracts.store import ContractsUnitOfWork
from shared.paging import Page, PageRequest
from shared.regimes import notice_rules


async def set_award_notice_grouping(dps_id: UUID, quarterly: bool, uow: ContractsUnitOfWork
                                    ) -> int:
    """Group a PCR 2015 DPS's award notices each quarter, or publish one per contract: the
    call-offs' award notices not yet issued are rescheduled. Returns how many call-offs."""
    async with uow:
        dps = await uow.processes.find(dps_id, lock=True)
        if dps is None or not isinstance(dps.facts, DpsFacts):
            raise ProcessNotFound(f"No DPS {dps_id} is published here.", dps_id=str(dps_id))
        rules = notice_rules(dps.dps.regime, dps.dps.rules_effective_from)
        if quarterly and not rules.award_notice_quarterly:
            raise GroupingNotAllowed(
                f"Award notices may be grouped each quarter only under the PCR 2015; this DPS"
                f" runs under the {rules.law}.", regime=dps.dps.regime,
            )
        dps.quarterly_award_notices = quarterly
        now = uow.clock.now()
        call_offs = await uow.processes.call_offs_of(dps_id)
        for call_off_id in call_offs:
            process = await uow.processes.get(call_off_id, lock=True)
            uow.track(process)
            await uow.feed.append(process, process.set_quarterly_award_notices(quarterly, now),
                                  now)
        await uow.commit()
    return len(call_offs)


async def notices(uow: ContractsUnitOfWork, page: PageRequest, *,
                  status: NoticeStatus | None, dps_id: UUID | None, ocid: str | None,
                  kind: str | None) -> Page[Notice]:
    async with uow:
        return await uow.notices.page(page, status=status, dps_id=dps_id, ocid=ocid, kind=kind)


async def overdue(uow: ContractsUnitOfWork, now: datetime, page: PageRequest,
                  dps_id: UUID | None) -> Page[Notice]:
    async with uow:
        return await uow.notices.overdue(now, page, dps_id)


async def notice(notice_id: UUID, uow: ContractsUnitOfWork) -> Notice:
    async with uow:
        return await uow.notices.get(notice_id)
