"""Applying a change to a contracting process: load or create it, let it observe the new
facts, and append its releases to the feed, all in the consumer's transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from services.contracts.domain.publication import changes as ch
from services.contracts.domain.publication.facts import CallOffFacts, DpsFacts, ProcessKind
from services.contracts.domain.publication.ocds.ids import ocid_for
from services.contracts.domain.publication.process import ContractingProcess
from services.contracts.store import ContractsUnitOfWork

log = logging.getLogger("care_dps.contracts.publication")

#: The OCID prefix of a run that was given none (a local run, the tests).
DEFAULT_OCID_PREFIX = "ocds-dpsdev"

CallOffChange = Callable[[CallOffFacts], CallOffFacts]
DpsChange = Callable[[DpsFacts], DpsFacts]


class Publisher:
    """Publishes every contracting process under one OCID prefix."""

    def __init__(self, ocid_prefix: str = DEFAULT_OCID_PREFIX) -> None:
        self.prefix = ocid_prefix

    async def parent_ocid(self, uow: ContractsUnitOfWork, dps_id: UUID | None) -> str | None:
        if dps_id is None:
            return None
        parent = await uow.processes.find(dps_id)
        return parent.ocid if parent is not None else ocid_for(self.prefix, dps_id)

    async def _settle(self, uow: ContractsUnitOfWork, process: ContractingProcess,
                      facts: CallOffFacts | DpsFacts, at: datetime, tags: Sequence[str],
                      modification: str | None = None) -> None:
        now = uow.clock.now()
        parent = None
        if isinstance(facts, CallOffFacts):
            parent = await self.parent_ocid(uow, facts.dps_id)
            dps = await uow.processes.find(facts.dps_id) if facts.dps_id else None
            process.quarterly_award_notices = bool(dps and dps.quarterly_award_notices)
        releases = process.observe(facts, at=at, now=now, tags=tags, parent_ocid=parent,
                                   modification=modification)
        # The session holds a flushed object only weakly: kept, so its events reach the commit.
        uow.track(process)
        await uow.feed.append(process, releases, now)

    async def dps(self, uow: ContractsUnitOfWork, dps_id: UUID, change: DpsChange,
                  at: datetime, tags: Sequence[str], modification: str | None = None) -> None:
        process = await uow.processes.find(dps_id, lock=True)
        if process is None:
            log.warning("publication: DPS %s is not known here; change not published", dps_id)
            return
        await self._settle(uow, process, change(process.dps), at, tags, modification)

    async def dps_opened(self, uow: ContractsUnitOfWork, facts: DpsFacts, at: datetime) -> None:
        if await uow.processes.find(facts.dps_id) is not None:
            return
        process = ContractingProcess(facts.dps_id, ProcessKind.DPS,
                                     ocid_for(self.prefix, facts.dps_id), facts, uow.clock.now())
        uow.processes.add(process)
        await self._settle(uow, process, facts, at, ["tender"])

    async def call_off(self, uow: ContractsUnitOfWork, call_off_id: UUID, change: CallOffChange,
                       at: datetime, tags: Sequence[str]) -> None:
        process = await uow.processes.find(call_off_id, lock=True)
        if process is None:
            process = await uow.processes.ensure(ContractingProcess(
                call_off_id, ProcessKind.CALL_OFF, ocid_for(self.prefix, call_off_id),
                ch.new_call_off(call_off_id), uow.clock.now(),
            ))
        await self._settle(uow, process, change(process.call_off), at, tags)

    async def placement(self, uow: ContractsUnitOfWork, facts: CallOffFacts, contract_id: UUID,
                        at: datetime) -> None:
        if await uow.processes.find(contract_id) is not None:
            return
        process = ContractingProcess(contract_id, ProcessKind.PLACEMENT,
                                     ocid_for(self.prefix, contract_id), facts, uow.clock.now())
        uow.processes.add(process)
        await self._settle(uow, process, facts, at, ["tender", "award", "contract"])

    async def contract(self, uow: ContractsUnitOfWork, contract_id: UUID, change: CallOffChange,
                       at: datetime, tags: Sequence[str]) -> None:
        process = await uow.processes.of_contract(contract_id)
        if process is None:
            log.warning("publication: contract %s is not known here; change not published",
                        contract_id)
            return
        await self._settle(uow, process, change(process.call_off), at, tags)
