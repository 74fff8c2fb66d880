"""Contracts and their KPI records: tables, mapping onto the domain, repositories."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    select,
)

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.contracts.changes import Extension, Variation
from services.contracts.domain.contracts.contract import (
    LIVE,
    Contract,
    ContractOrigin,
    ContractStatus,
)
from services.contracts.domain.contracts.kpis import KpiRecord, Rating
from services.contracts.domain.spend.report import ContractFigures, KpiFigure
from services.contracts.store.base import (
    MEASURE,
    MONEY,
    children,
    mapper_registry,
    metadata,
    parent,
    position,
)
from shared.actors import Actor
from shared.columns import JsonOf, StrEnumType
from shared.db import AwareDateTime
from shared.errors import NotFound
from shared.events.calloff import FundingShare, PriceLine, ReferenceRate, VolumeLine
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

contracts = Table(
    "contracts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("origin", StrEnumType(ContractOrigin, 20), nullable=False),
    Column("award_id", Uuid, nullable=True),
    Column("placement_id", Uuid, nullable=True),
    Column("call_off_id", Uuid, nullable=True, index=True),
    Column("call_off_reference", String(n.CODE), nullable=False),
    Column("requirement_id", Uuid, nullable=True),
    Column("requirement_raised_at", AwareDateTime, nullable=True),
    Column("dps_id", Uuid, nullable=False, index=True),
    Column("lot_id", Uuid, nullable=False, index=True),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("provider_name", Text, nullable=False),
    Column("regime", String(40), nullable=False),
    Column("buyer_organisation", Text, nullable=False),
    Column("funding_route", String(40), nullable=False),
    Column("funding_shares", JsonOf(list[FundingShare]), nullable=False),
    Column("start_on", Date, nullable=False),
    Column("initial_term_months", Integer, nullable=False),
    Column("extension_months", JSON, nullable=False),
    Column("rates", JsonOf(list[PriceLine]), nullable=False),
    Column("volumes", JsonOf(list[VolumeLine]), nullable=False),
    Column("reference_rates", JsonOf(list[ReferenceRate]), nullable=False),
    Column("annual_value", MONEY, nullable=False),
    Column("whole_life_value", MONEY, nullable=False),
    Column("awarded_at", AwareDateTime, nullable=False),
    Column("status", StrEnumType(ContractStatus, 20), nullable=False, index=True),
    Column("current_end_on", Date, nullable=False),
    Column("started_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("terminated_on", Date, nullable=True),
    Column("termination_reason", Text, nullable=False),
    Column("terminated_by", String(n.ACTOR_ID), nullable=True),
    Column("due_on", Date, nullable=True, index=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint("award_id"),  # one contract per award, whatever races
    Index("ix_contracts_awarded", "awarded_at", "id"),
)

contract_extensions = Table(
    "contract_extensions", metadata,
    Column("id", Uuid, primary_key=True), parent("contract_id", "contracts"), position(),
    Column("option_sequence", Integer, nullable=False),
    Column("months", Integer, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("taken_at", AwareDateTime, nullable=False),
    Column("taken_by", String(n.ACTOR_ID), nullable=False),
)

contract_variations = Table(
    "contract_variations", metadata,
    Column("id", Uuid, primary_key=True), parent("contract_id", "contracts"), position(),
    Column("effective_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rates", JsonOf(list[PriceLine]), nullable=False),
    Column("volumes", JsonOf(list[VolumeLine]), nullable=False),
    Column("annual_value", MONEY, nullable=False),
    Column("whole_life_value", MONEY, nullable=False),
    Column("varied_at", AwareDateTime, nullable=False),
    Column("varied_by", String(n.ACTOR_ID), nullable=False),
)

kpi_records = Table(
    "kpi_records", metadata,
    Column("id", Uuid, primary_key=True),
    Column("contract_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False),
    Column("metric", String(n.METRIC), nullable=False),
    Column("unit", String(n.UNIT), nullable=False),
    Column("target", MEASURE, nullable=False),
    Column("actual", MEASURE, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("rating", StrEnumType(Rating, 30), nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", AwareDateTime, nullable=False),
    Column("recorded_by", String(n.ACTOR_ID), nullable=False),
    Index("ix_kpi_records_contract", "contract_id", "period_end", "id"),
)


def map_contracts() -> None:
    m = mapper_registry.map_imperatively
    m(Extension, contract_extensions)
    m(Variation, contract_variations)
    m(Contract, contracts, version_id_col=contracts.c.version, properties={
        "extensions": children(Extension, contract_extensions),
        "variations": children(Variation, contract_variations),
    })
    m(KpiRecord, kpi_records)


class ContractRepository(Repository[Contract]):
    entity = Contract
    table = contracts
    noun = "contract"
    owner_attribute = "provider_id"

    def missing(self, id: UUID) -> NotFound:
        return e.ContractNotFound.of(id)

    async def page(
        self, actor: Actor, request: PageRequest, *, dps_id: UUID | None = None,
        lot_id: UUID | None = None, provider_id: UUID | None = None,
        status: ContractStatus | None = None, call_off_id: UUID | None = None,
    ) -> Page[Contract]:
        query = select(Contract)
        for column, value in ((contracts.c.dps_id, dps_id), (contracts.c.lot_id, lot_id),
                              (contracts.c.provider_id, provider_id),
                              (contracts.c.status, status),
                              (contracts.c.call_off_id, call_off_id)):
            if value is not None:
                query = query.where(column == value)
        if actor.is_provider:
            query = query.where(contracts.c.provider_id == actor.provider_id)
        return await keyset_page(self.session, query, request,
                                 [contracts.c.awarded_at, contracts.c.id])

    async def due(self, today: date, limit: int) -> list[UUID]:
        """Contracts to start (start date come) or end (term over): the ticker's work."""
        query = (
            select(contracts.c.id)
            .where(contracts.c.due_on.is_not(None), contracts.c.due_on <= today,
                   contracts.c.status.in_([s.value for s in LIVE]))
            .order_by(contracts.c.due_on).limit(limit)
        )
        return list((await self.session.execute(query)).scalars())

    async def figures(self, dps_id: UUID | None) -> list[ContractFigures]:
        """What the spend report needs of every contract (one query, no child rows)."""
        c = contracts.c
        query = select(c.id, c.dps_id, c.lot_id, c.status, c.origin, c.funding_shares, c.rates,
                       c.reference_rates, c.annual_value, c.awarded_at,
                       c.requirement_raised_at)
        if dps_id is not None:
            query = query.where(c.dps_id == dps_id)
        return [ContractFigures(**r._asdict()) for r in (await self.session.execute(query))]


class KpiRepository:
    def __init__(self, session: object) -> None:
        self.session = session

    def add(self, record: KpiRecord) -> None:
        self.session.add(record)  # type: ignore[attr-defined]

    async def page(self, contract_id: UUID, request: PageRequest) -> Page[KpiRecord]:
        query = select(KpiRecord).where(kpi_records.c.contract_id == contract_id)
        return await keyset_page(self.session, query, request,  # type: ignore[arg-type]
                                 [kpi_records.c.period_end, kpi_records.c.id])

    async def figures(self, dps_id: UUID | None) -> list[KpiFigure]:
        k = kpi_records.c
        query = select(k.contract_id, k.rating, k.period_end)
        if dps_id is not None:
            query = query.join(contracts, contracts.c.id == k.contract_id).where(
                contracts.c.dps_id == dps_id
            )
        rows = await self.session.execute(query)  # type: ignore[attr-defined]
        return [KpiFigure(**r._asdict()) for r in rows]
