"""How a call-off ended, as the contracts service reports it (its events, consumed here).

``ContractAwarded``: the call-off is ``awarded`` to that provider, which may now read the
person's identity (and no other provider may). ``AwardUnsuccessful``: the call-off is
``unsuccessful``, with the reason. Each applies once: the same event again changes nothing.
"""

from __future__ import annotations

from services.calloff.store import CalloffUnitOfWork
from shared.actors import system_actor
from shared.events.contracts import AwardUnsuccessful, ContractAwarded

_CONTRACTS = system_actor("contracts")


async def contract_awarded(event: ContractAwarded, uow: CalloffUnitOfWork) -> None:
    call_off = await uow.call_offs.get(event.call_off_id, lock=True)
    if call_off.awarded(
        contract_id=event.contract_id,
        provider_id=event.provider_id,
        provider_name=event.provider_name,
        requirement_id=event.requirement_id,
        invited=await uow.call_offs.invited(call_off.id, event.provider_id),
        actor=_CONTRACTS,
        at=event.occurred_at,
    ):
        await uow.call_offs.save(call_off)


async def award_unsuccessful(event: AwardUnsuccessful, uow: CalloffUnitOfWork) -> None:
    call_off = await uow.call_offs.get(event.call_off_id, lock=True)
    if call_off.award_unsuccessful(reason=event.reason, actor=_CONTRACTS, at=event.occurred_at):
        await uow.call_offs.save(call_off)
