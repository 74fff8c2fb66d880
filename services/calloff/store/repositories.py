"""The members of each lot, their providers' facts and capacities (SQLAlchemy Core), and the
candidates for a call-off's invitation list read from them in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.calloff.domain.call_offs import MemberState
from services.calloff.domain.eligibility import Candidate
from services.calloff.domain.members import (
    LotCapacity,
    LotMember,
    MembershipNotKnown,
    MemberStatus,
    ProviderFacts,
)
from services.calloff.store.tables import lot_capacities, lot_members, provider_facts
from shared.db import upsert_row
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
        await upsert_row(self.session, lot_members, row, "membership_id")

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
                provider_facts.c.cqc_provider_id.label("current_cqc"),
                provider_facts.c.cqc_as_of,
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
                    cqc_provider_id=r.current_cqc if r.cqc_as_of else r.cqc_provider_id,
                    admitted_at=r.admitted_at,
                    changed_at=r.changed_at,
                )
                for r in page.items
            ],
            page.next_cursor,
        )


    async def candidates(self, dps_id: UUID, lot_id: UUID) -> list[Candidate]:
        """The lot's active members with their providers' newest facts, in the order they
        were admitted: who may be invited (the domain decides who is eligible)."""
        query = (
            select(
                lot_members.c.membership_id, lot_members.c.provider_id,
                lot_members.c.provider_name, lot_members.c.cqc_provider_id,
                lot_members.c.admitted_at,
                provider_facts.c.name, provider_facts.c.areas_served,
                provider_facts.c.cqc_provider_id.label("current_cqc"), provider_facts.c.cqc_as_of,
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
            .where(
                lot_members.c.lot_id == lot_id,
                lot_members.c.dps_id == dps_id,
                lot_members.c.status == MemberStatus.ACTIVE.value,
            )
            .order_by(lot_members.c.admitted_at, lot_members.c.membership_id)
        )
        return [
            Candidate(
                membership_id=r.membership_id,
                provider_id=r.provider_id,
                provider_name=r.name or r.provider_name,
                status=MemberStatus.ACTIVE,
                areas_served=tuple(r.areas_served or ()),
                cqc_provider_id=r.current_cqc if r.cqc_as_of else r.cqc_provider_id,
                capacity=r.capacity,
                admitted_at=r.admitted_at,
            )
            for r in await self.session.execute(query)
        ]

    async def states(self, membership_ids: list[UUID]) -> dict[UUID, MemberState]:
        """Each membership's status and when it last changed."""
        if not membership_ids:
            return {}
        found: dict[UUID, MemberState] = {}
        for start in range(0, len(membership_ids), 1000):
            rows = await self.session.execute(
                select(lot_members.c.membership_id, lot_members.c.status,
                       lot_members.c.changed_at)
                .where(lot_members.c.membership_id.in_(membership_ids[start:start + 1000]))
            )
            for r in rows:
                found[r.membership_id] = MemberState(MemberStatus(r.status), r.changed_at)
        return found

    async def is_active(self, membership_id: UUID) -> bool:
        status = await self.session.scalar(
            select(lot_members.c.status).where(lot_members.c.membership_id == membership_id)
        )
        return status == MemberStatus.ACTIVE.value


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
        await upsert_row(self.session, provider_facts, vars(facts), "provider_id")


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
        await upsert_row(self.session, lot_capacities, vars(capacity), ["provider_id", "lot_id"])
