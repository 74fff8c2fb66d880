"""Placements brought in by imports."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    select,
)

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.placements.placement import Placement, PlacementOutcome
from services.contracts.store.base import mapper_registry, metadata
from shared.columns import JsonOf, StrEnumType
from shared.db import AwareDateTime
from shared.errors import NotFound
from shared.events.calloff import PriceLine, VolumeLine
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

placements = Table(
    "placements", metadata,
    Column("id", Uuid, primary_key=True),
    Column("import_id", Uuid, nullable=False, index=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("reference", String(n.CODE), nullable=False),
    Column("incumbent_name", String(n.NAME), nullable=False),
    Column("provider_id", Uuid, nullable=True),
    Column("outcome", StrEnumType(PlacementOutcome, 30), nullable=False),
    Column("contract_id", Uuid, nullable=True),
    Column("need_band", String(n.CODE), nullable=False),
    Column("postcode_district", String(n.POSTCODE_DISTRICT), nullable=False),
    Column("funding_route", String(40), nullable=False),
    Column("volumes", JsonOf(list[VolumeLine]), nullable=False),
    Column("rates", JsonOf(list[PriceLine]), nullable=False),
    Column("start_on", Date, nullable=False),
    Column("current_end_on", Date, nullable=True),
    Column("imported_at", AwareDateTime, nullable=False),
    Column("imported_by", String(n.ACTOR_ID), nullable=False),
    Column("version", Integer, nullable=False),
    # A reference is imported into a DPS once, even if two imports race.
    UniqueConstraint("dps_id", "reference"),
    Index("ix_placements_imported", "imported_at", "id"),
)


def map_placements() -> None:
    mapper_registry.map_imperatively(Placement, placements,
                                     version_id_col=placements.c.version)


class PlacementRepository(Repository[Placement]):
    entity = Placement
    table = placements
    noun = "placement"

    def missing(self, id: UUID) -> NotFound:
        return e.PlacementNotFound.of(id)

    async def references(self, dps_id: UUID) -> set[str]:
        query = select(placements.c.reference).where(placements.c.dps_id == dps_id)
        return set((await self.session.execute(query)).scalars())

    async def page(
        self, request: PageRequest, *, dps_id: UUID | None = None,
        outcome: PlacementOutcome | None = None, import_id: UUID | None = None,
    ) -> Page[Placement]:
        query = select(Placement)
        for column, value in ((placements.c.dps_id, dps_id), (placements.c.outcome, outcome),
                              (placements.c.import_id, import_id)):
            if value is not None:
                query = query.where(column == value)
        return await keyset_page(self.session, query, request,
                                 [placements.c.imported_at, placements.c.id])
