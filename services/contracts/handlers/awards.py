"""Award use cases: read, approve (approver), accept and decline (the provider offered)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.contracts.domain.awards.award import Award, AwardStatus
from services.contracts.domain.awards.signing import contract_of
from services.contracts.domain.contracts.contract import Contract
from services.contracts.domain.delegation import combine
from services.contracts.handlers.exclusions import exclusions_for
from services.contracts.store import ContractsUnitOfWork
from shared.actors import Actor
from shared.clock import Clock
from shared.paging import Page, PageRequest


@dataclass(frozen=True)
class Approve:
    award_id: UUID
    voluntary_standstill: bool
    why: str
    offer_window_days: int
    response_id: UUID | None = None


async def approve(cmd: Approve, uow: ContractsUnitOfWork, clock: Clock, actor: Actor) -> Award:
    """Approve the recommendation under the buyers' schemes of delegation; the standstill
    (if any) starts, and the offer goes out when nothing is left to wait for."""
    now = clock.now()
    async with uow:
        award = await uow.awards.get(cmd.award_id, lock=True)
        scheme = combine(award.buyers, await uow.schemes.of_buyers(award.buyers))
        award.approve(
            actor, scheme, now, voluntary_standstill=cmd.voluntary_standstill, why=cmd.why,
            offer_window_days=cmd.offer_window_days,
            exclusions=await exclusions_for(uow, award), response_id=cmd.response_id,
        )
        await uow.commit()
    return award


async def accept(
    award_id: UUID, uow: ContractsUnitOfWork, clock: Clock, actor: Actor
) -> tuple[Award, Contract]:
    """The provider signs: ``OfferAccepted``, then the contract (``ContractAwarded``)."""
    now = clock.now()
    async with uow:
        award = await uow.awards.get_visible(award_id, actor, lock=True)
        candidate = award.accept(actor, now, await exclusions_for(uow, award))
        facts = await uow.market.provider(candidate.provider_id)
        contract = contract_of(award, candidate, facts.name if facts else "", now)
        uow.contracts.add(contract)
        await uow.commit()
    return award, contract


async def decline(
    award_id: UUID, reason: str, uow: ContractsUnitOfWork, clock: Clock, actor: Actor
) -> Award:
    """The provider declines: the next ranked compliant response is recommended."""
    now = clock.now()
    async with uow:
        award = await uow.awards.get_visible(award_id, actor, lock=True)
        award.decline(actor, reason, now, await exclusions_for(uow, award))
        await uow.commit()
    return award


async def get_award(award_id: UUID, uow: ContractsUnitOfWork, actor: Actor) -> Award:
    async with uow:
        return await uow.awards.get_visible(award_id, actor)


async def list_awards(
    uow: ContractsUnitOfWork, actor: Actor, page: PageRequest, *,
    status: AwardStatus | None = None, dps_id: UUID | None = None,
    call_off_id: UUID | None = None,
) -> Page[Award]:
    async with uow:
        return await uow.awards.page(actor, page, status=status, dps_id=dps_id,
                                     call_off_id=call_off_id)
