"""Keep the members of each lot current from the registry's events.

Each handler loads what the event is about, lets the domain apply it, and saves it; the
consumer commits that with the event's id in the inbox.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.calloff.domain.members import LotCapacity, LotMember, ProviderFacts
from services.calloff.store import CalloffUnitOfWork
from shared.events.registry import (
    MembershipReinstated,
    MembershipRemoved,
    MembershipSuspended,
    ProviderAdmitted,
    ProviderAreasChanged,
    ProviderCapacityChanged,
    ProviderDetailsChanged,
)


async def provider_admitted(event: ProviderAdmitted, uow: CalloffUnitOfWork) -> None:
    """A new member of a lot: it may be invited to the lot's call-offs from now."""
    await uow.members.save(
        LotMember.admitted(
            membership_id=event.membership_id, dps_id=event.dps_id, lot_id=event.lot_id,
            provider_id=event.provider_id, provider_name=event.provider_name,
            cqc_provider_id=event.cqc_provider_id, at=event.occurred_at,
        )
    )
    facts = await _facts(uow, event.provider_id)
    areas = facts.observe(event.provider_name, event.areas_served, event.occurred_at)
    details = facts.observe_details(
        event.provider_name, event.cqc_provider_id, event.occurred_at
    )
    if areas or details:
        await uow.providers.save(facts)
    if event.capacity is not None:
        await _observe_capacity(
            uow, event.provider_id, event.dps_id, event.lot_id, event.capacity, event.occurred_at
        )


async def membership_suspended(event: MembershipSuspended, uow: CalloffUnitOfWork) -> None:
    member = await uow.members.get(event.membership_id)
    member.suspend(event.reason_code, event.occurred_at)
    await uow.members.save(member)


async def membership_reinstated(event: MembershipReinstated, uow: CalloffUnitOfWork) -> None:
    member = await uow.members.get(event.membership_id)
    member.reinstate(event.occurred_at)
    await uow.members.save(member)


async def membership_removed(event: MembershipRemoved, uow: CalloffUnitOfWork) -> None:
    member = await uow.members.get(event.membership_id)
    member.remove(event.reason_code, event.occurred_at)
    await uow.members.save(member)


async def provider_areas_changed(event: ProviderAreasChanged, uow: CalloffUnitOfWork) -> None:
    facts = await _facts(uow, event.provider_id)
    if facts.observe(event.provider_name, event.areas_served, event.occurred_at):
        await uow.providers.save(facts)


async def provider_details_changed(
    event: ProviderDetailsChanged, uow: CalloffUnitOfWork
) -> None:
    """The provider's name and CQC id as they now are: a lot that needs CQC registration
    invites it only while it has one."""
    facts = await _facts(uow, event.provider_id)
    if facts.observe_details(event.provider_name, event.cqc_provider_id, event.occurred_at):
        await uow.providers.save(facts)


async def provider_capacity_changed(
    event: ProviderCapacityChanged, uow: CalloffUnitOfWork
) -> None:
    await _observe_capacity(
        uow, event.provider_id, event.dps_id, event.lot_id, event.capacity, event.occurred_at
    )


async def _facts(uow: CalloffUnitOfWork, provider_id: UUID) -> ProviderFacts:
    return await uow.providers.find(provider_id) or ProviderFacts.unknown(provider_id)


async def _observe_capacity(
    uow: CalloffUnitOfWork, provider_id: UUID, dps_id: UUID, lot_id: UUID, capacity: int,
    at: datetime,
) -> None:
    known = await uow.capacities.find(provider_id, lot_id)
    if known is None:
        await uow.capacities.save(LotCapacity(provider_id, lot_id, dps_id, capacity, at))
    elif known.observe(capacity, at):
        await uow.capacities.save(known)
