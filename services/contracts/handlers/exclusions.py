"""R9 as the handlers read it: who, among an award's candidates, may not be awarded."""

from __future__ import annotations

from services.contracts.domain.awards.award import Award
from services.contracts.domain.market import exclusions
from services.contracts.store import ContractsUnitOfWork


async def exclusions_for(uow: ContractsUnitOfWork, award: Award) -> dict:  # type: ignore[type-arg]
    providers = [c.provider_id for c in award.candidates]
    return exclusions(await uow.market.of_lot(award.lot_id, providers), award.lot_id)
