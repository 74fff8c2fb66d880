"""The members of each lot and the providers' names, from the registry's events (R9)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Column, Index, String, Table, Text, Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.contracts.domain.market import LotMembership, ProviderFacts, Standing
from services.contracts.store.base import metadata
from shared.db import AwareDateTime, upsert_row

#: Text columns: a copy never refuses what its owner accepted.
lot_memberships = Table(
    "lot_memberships", metadata,
    Column("membership_id", Uuid, primary_key=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False),
    Column("standing", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("admitted_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Index("ix_lot_memberships_lot_provider", "lot_id", "provider_id"),
    Index("ix_lot_memberships_provider", "provider_id"),
)

provider_facts = Table(
    "provider_facts", metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("as_of", AwareDateTime, nullable=False),
)


def _membership(row: object) -> LotMembership:
    values = row._asdict()  # type: ignore[attr-defined]
    return LotMembership(**{**values, "standing": Standing(values["standing"])})


class MarketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def membership(self, membership_id: UUID) -> LotMembership | None:
        row = (await self.session.execute(
            select(lot_memberships).where(lot_memberships.c.membership_id == membership_id)
        )).first()
        return _membership(row) if row else None

    async def save_membership(self, membership: LotMembership) -> None:
        row = {**vars(membership), "standing": membership.standing.value}
        await upsert_row(self.session, lot_memberships, row, "membership_id")

    async def of_lot(
        self, lot_id: UUID, provider_ids: Iterable[UUID] | None = None
    ) -> list[LotMembership]:
        query = select(lot_memberships).where(lot_memberships.c.lot_id == lot_id)
        if provider_ids is not None:
            query = query.where(lot_memberships.c.provider_id.in_(list(provider_ids)))
        return [_membership(r) for r in (await self.session.execute(query)).all()]

    async def of_dps(self, dps_id: UUID) -> list[LotMembership]:
        query = select(lot_memberships).where(lot_memberships.c.dps_id == dps_id)
        return [_membership(r) for r in (await self.session.execute(query)).all()]

    async def provider(self, provider_id: UUID) -> ProviderFacts | None:
        row = (await self.session.execute(
            select(provider_facts).where(provider_facts.c.provider_id == provider_id)
        )).first()
        return ProviderFacts(**row._asdict()) if row else None

    async def save_provider(self, facts: ProviderFacts) -> None:
        await upsert_row(self.session, provider_facts, vars(facts), "provider_id")

    async def provider_names(self, provider_ids: Iterable[UUID]) -> dict[UUID, str]:
        ids = list(dict.fromkeys(provider_ids))
        if not ids:
            return {}
        rows = (await self.session.execute(
            select(provider_facts.c.provider_id, provider_facts.c.name)
            .where(provider_facts.c.provider_id.in_(ids))
        )).all()
        return {r.provider_id: r.name for r in rows}
