"""The registry's membership and provider events, kept as this service needs them (R9): an
exclusion passes the provider over on every open award of the lot it is a candidate in."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.contracts.domain.market import LotMembership, ProviderFacts, Standing
from services.contracts.handlers.exclusions import exclusions_for
from services.contracts.store import ContractsUnitOfWork
from shared.events.registry import (
    MembershipReinstated,
    MembershipRemoved,
    MembershipSuspended,
    ProviderAdmitted,
    ProviderDetailsChanged,
)


async def provider_admitted(event: ProviderAdmitted, uow: ContractsUnitOfWork) -> None:
    """A new member of a lot (it may be awarded there), and the provider's name."""
    if await uow.market.membership(event.membership_id) is None:
        await uow.market.save_membership(LotMembership(
            membership_id=event.membership_id, dps_id=event.dps_id, lot_id=event.lot_id,
            provider_id=event.provider_id, standing=Standing.ACTIVE, reason="",
            admitted_at=event.occurred_at, changed_at=event.occurred_at,
        ))
    await _observe_name(uow, event.provider_id, event.provider_name, event.occurred_at)


async def provider_details_changed(event: ProviderDetailsChanged, uow: ContractsUnitOfWork) -> None:
    await _observe_name(uow, event.provider_id, event.provider_name, event.occurred_at)


async def membership_suspended(event: MembershipSuspended, uow: ContractsUnitOfWork) -> None:
    await _change(uow, event, Standing.SUSPENDED, event.reason_code)
    await _pass_over(uow, event.provider_id, event.lot_id)


async def membership_removed(event: MembershipRemoved, uow: ContractsUnitOfWork) -> None:
    await _change(uow, event, Standing.REMOVED, event.reason_code)
    await _pass_over(uow, event.provider_id, event.lot_id)


async def membership_reinstated(event: MembershipReinstated, uow: ContractsUnitOfWork) -> None:
    await _change(uow, event, Standing.ACTIVE, "")


async def _change(
    uow: ContractsUnitOfWork,
    event: MembershipSuspended | MembershipRemoved | MembershipReinstated,
    standing: Standing, reason: str,
) -> None:
    membership = await uow.market.membership(event.membership_id)
    if membership is None:  # its admission came before this service followed the registry
        membership = LotMembership(
            membership_id=event.membership_id, dps_id=event.dps_id, lot_id=event.lot_id,
            provider_id=event.provider_id, standing=standing, reason=reason,
            admitted_at=event.occurred_at, changed_at=event.occurred_at,
        )
    membership.become(standing, reason, event.occurred_at)
    await uow.market.save_membership(membership)


async def _pass_over(uow: ContractsUnitOfWork, provider_id: UUID, lot_id: UUID) -> None:
    now = uow.clock.now()
    for award_id in await uow.awards.with_provider(provider_id, lot_id):
        award = await uow.awards.get(award_id, lock=True)
        excluded = await exclusions_for(uow, award)
        if provider_id in excluded:
            award.provider_excluded(provider_id, excluded[provider_id], now, excluded)


async def _observe_name(
    uow: ContractsUnitOfWork, provider_id: UUID, name: str, at: datetime
) -> None:
    facts = await uow.market.provider(provider_id)
    if facts is None:
        await uow.market.save_provider(ProviderFacts(provider_id, name, at))
    elif facts.observe(name, at):
        await uow.market.save_provider(facts)
