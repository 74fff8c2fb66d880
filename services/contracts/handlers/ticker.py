"""What the passing of time does, every ``CONTRACTS_TICKER_SECONDS`` (and on demand in tests).

- Awards: a standstill that ended lets the offer go (once the assessment summaries are in,
  under the Procurement Act); an offer not answered in its window lapses, and the next
  ranked compliant response is recommended.
- Contracts: a contract starts on its start date and ends after the last day of its term.

Each due row is handled in a transaction of its own; a row that fails is logged with its id
and counted, and the pass goes on. On PostgreSQL a row another replica holds is skipped
(``FOR UPDATE SKIP LOCKED``) and handled by that replica; a row handled meanwhile is found
no longer due and left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.contracts.handlers.exclusions import exclusions_for
from services.contracts.store import ContractsUnitOfWork
from shared.ticker import Ticker
from shared.workdays import local_date


@dataclass(frozen=True)
class TickReport:
    awards_moved: int = 0
    contracts_moved: int = 0
    failed: int = 0


class ContractsTicker(Ticker[ContractsUnitOfWork]):
    service = "contracts"

    async def __call__(self) -> TickReport:
        self.failed = 0
        return TickReport(
            awards_moved=await self.advance_awards(),
            contracts_moved=await self.advance_contracts(),
            failed=self.failed,
        )

    async def advance_awards(self) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.awards.due(now, self._batch)
        return await self.each("award", ids, self._advance_award)

    async def _advance_award(self, award_id: UUID) -> bool:
        now = self._clock.now()
        async with self._uow() as uow:
            award = await uow.awards.claim(award_id)
            if award is None:
                return False
            award.tick(now, await exclusions_for(uow, award))
            return bool(await uow.commit())

    async def advance_contracts(self) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.contracts.due(local_date(now), self._batch)
        return await self.each("contract", ids, self._advance_contract)

    async def _advance_contract(self, contract_id: UUID) -> bool:
        now = self._clock.now()
        async with self._uow() as uow:
            contract = await uow.contracts.claim(contract_id)
            if contract is None:
                return False
            contract.tick(now)
            return bool(await uow.commit())
