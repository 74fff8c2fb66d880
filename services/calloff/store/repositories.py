"""The call-off service's repositories over its own tables (SQLAlchemy Core)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.calloff.domain.members import (
    LotCapacity,
    LotMember,
    MembershipNotKnown,
    MemberStatus,
    ProviderFacts,
)
from services.calloff.store.tables import lot_capacities, lot_members, provider_facts
from shared.db import upsert
from shared.paging import Page, PageRequest, keyset_page


@dataclass(frozen=True)
class ListedMember:
    """A member as a list shows it: the membership, with its provider's newest facts."""

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str
    status: MemberStatus
    status_reason: str
    areas_served: list[str]
    capacity: int | None
    cqc_provider_id: str | None
    admitted_at: datetime
    changed_at: datetime


class LotMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, membership_id: UUID) -> LotMember:
        row = (
            await self.session.execute(
                select(lot_members).where(lot_members.c.membership_id == membership_id)
            )
        ).first()
        if row is None:
            raise MembershipNotKnown(
                f"No membership {membership_id} is known to the call-off service.",
                membership_id=str(membership_id),
            )
        values = row._asdict()
        return LotMember(**{**values, "status": MemberStatus(values["status"])})

    async def save(self, member: LotMember) -> None:
        row = {**vars(member), "status": member.status.value}
        await self.session.execute(upsert(self.session, lot_members, row, "membership_id"))

    async def page(
        self, dps_id: UUID, lot_id: UUID, request: PageRequest, status: MemberStatus | None
    ) -> Page[ListedMember]:
        """A lot's members in the order they were admitted, with their newest areas served
        and capacity."""
        query = (
            select(
                lot_members,
                provider_facts.c.name.label("current_name"),
                provider_facts.c.areas_served,
                lot_capacities.c.capacity,
            )
            .outerjoin(provider_facts, provider_facts.c.provider_id == lot_members.c.provider_id)
            .outerjoin(
                lot_capacities,
                and_(
                    lot_capacities.c.provider_id == lot_members.c.provider_id,
                    lot_capacities.c.lot_id == lot_members.c.lot_id,
                ),
            )
            .where(lot_members.c.dps_id == dps_id, lot_members.c.lot_id == lot_id)
        )
        if status is not None:
            query = query.where(lot_members.c.status == status.value)
        page = await keyset_page(
            self.session,
            query,
            request,
            [lot_members.c.admitted_at, lot_members.c.membership_id],
            scalars=False,
        )
        return Page(
            [
                ListedMember(
                    membership_id=r.membership_id,
                    dps_id=r.dps_id,
                    lot_id=r.lot_id,
                    provider_id=r.provider_id,
                    provider_name=r.current_name or r.provider_name,
                    status=MemberStatus(r.status),
                    status_reason=r.status_reason,
                    areas_served=list(r.areas_served or []),
                    capacity=r.capacity,
                    cqc_provider_id=r.cqc_provider_id,
                    admitted_at=r.admitted_at,
                    changed_at=r.changed_at,
                )
                for r in page.items
            ],
            page.next_cursor,
        )


class ProviderFactsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, provider_id: UUID) -> ProviderFacts | None:
        row = (
            await self.session.execute(
                select(provider_facts).where(provider_facts.c.provider_id == provider_id)
            )
        ).first()
        return ProviderFacts(**row._asdict()) if row else None

    async def save(self, facts: ProviderFacts) -> None:
        await self.session.execute(upsert(self.session, provider_facts, vars(facts), "provider_id"))


class LotCapacityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, provider_id: UUID, lot_id: UUID) -> LotCapacity | None:
        row = (
            await self.session.execute(
                select(lot_capacities).where(
                    lot_capacities.c.provider_id == provider_id, lot_capacities.c.lot_id == lot_id
                )
            )
        ).first()
        return LotCapacity(**row._asdict()) if row else None

    async def save(self, capacity: LotCapacity) -> None:
        statement = upsert(
            self.session, lot_capacities, vars(capacity), ["provider_id", "lot_id"]
        )
        await self.session.execute(statement)
