"""Budgets, one row per scope (DPS, lot or buyer) and financial year."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column, Index, Integer, String, Table, Uuid, select

from services.contracts.domain import limits as n
from services.contracts.domain.spend.budget import Budget
from services.contracts.store.base import MONEY, mapper_registry, metadata
from shared.db import AwareDateTime
from shared.paging import Page, PageRequest, keyset_page

budgets = Table(
    "budgets", metadata,
    Column("id", Uuid, primary_key=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=True),
    Column("buyer", String(n.NAME), nullable=True),
    Column("financial_year", Integer, nullable=False),
    Column("annual_budget", MONEY, nullable=False),
    Column("baseline_annual_spend", MONEY, nullable=True),
    Column("savings_target", MONEY, nullable=True),
    Column("set_at", AwareDateTime, nullable=False),
    Column("set_by", String(n.ACTOR_ID), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_budgets_dps_year", "dps_id", "financial_year", "id"),
)


def map_spend() -> None:
    mapper_registry.map_imperatively(Budget, budgets, version_id_col=budgets.c.version)


class BudgetRepository:
    def __init__(self, session: object) -> None:
        self.session = session

    async def find(self, budget_id: UUID) -> Budget | None:
        query = select(Budget).where(budgets.c.id == budget_id).with_for_update()
        found: Budget | None = (
            await self.session.execute(query)  # type: ignore[attr-defined]
        ).scalars().first()
        return found

    def add(self, budget: Budget) -> None:
        self.session.add(budget)  # type: ignore[attr-defined]

    async def of_year(self, dps_id: UUID | None, year: int) -> list[Budget]:
        query = select(Budget).where(budgets.c.financial_year == year)
        if dps_id is not None:
            query = query.where(budgets.c.dps_id == dps_id)
        return list((await self.session.execute(query)).scalars())  # type: ignore[attr-defined]

    async def page(
        self, request: PageRequest, *, dps_id: UUID | None = None, year: int | None = None
    ) -> Page[Budget]:
        query = select(Budget)
        if dps_id is not None:
            query = query.where(budgets.c.dps_id == dps_id)
        if year is not None:
            query = query.where(budgets.c.financial_year == year)
        return await keyset_page(
            self.session, query, request,  # type: ignore[arg-type]
            [budgets.c.dps_id, budgets.c.financial_year, budgets.c.id],
        )
