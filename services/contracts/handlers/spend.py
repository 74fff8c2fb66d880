"""Budgets (set per DPS, lot or buyer and financial year) and the spend and KPI report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from services.contracts.domain.spend.budget import Budget
from services.contracts.domain.spend.report import DpsNames, SpendReport, spend_report
from services.contracts.domain.term import financial_year_of
from services.contracts.store import ContractsUnitOfWork
from shared.actors import Actor
from shared.clock import Clock
from shared.paging import Page, PageRequest
from shared.workdays import local_date


@dataclass(frozen=True)
class SetBudget:
    dps_id: UUID
    lot_id: UUID | None
    buyer: str | None
    financial_year: int
    annual_budget: Decimal
    baseline_annual_spend: Decimal | None
    savings_target: Decimal | None


async def set_budget(
    cmd: SetBudget, uow: ContractsUnitOfWork, clock: Clock, actor: Actor
) -> Budget:
    """Set (or replace) the budget of a scope for a financial year."""
    async with uow:
        dps = await uow.dps.get(cmd.dps_id)
        budget = Budget.set(
            dps, lot_id=cmd.lot_id, buyer=cmd.buyer, financial_year=cmd.financial_year,
            annual_budget=cmd.annual_budget, baseline_annual_spend=cmd.baseline_annual_spend,
            savings_target=cmd.savings_target, now=clock.now(), by=actor,
        )
        existing = await uow.budgets.find(budget.id)
        if existing is None:
            uow.budgets.add(budget)
        else:
            for name in ("buyer", "annual_budget", "baseline_annual_spend", "savings_target",
                         "set_at", "set_by"):
                setattr(existing, name, getattr(budget, name))
            budget = existing
        await uow.commit()
    return budget


async def list_budgets(
    uow: ContractsUnitOfWork, page: PageRequest, *, dps_id: UUID | None,
    financial_year: int | None,
) -> Page[Budget]:
    async with uow:
        return await uow.budgets.page(page, dps_id=dps_id, year=financial_year)


async def report(
    uow: ContractsUnitOfWork, clock: Clock, *, dps_id: UUID | None,
    financial_year: int | None,
) -> SpendReport:
    today = local_date(clock.now())
    year = financial_year if financial_year is not None else financial_year_of(today)
    async with uow:
        if dps_id is not None:
            await uow.dps.get(dps_id)
        contracts = await uow.contracts.figures(dps_id)
        budgets = await uow.budgets.of_year(dps_id, year)
        kpis = await uow.kpis.figures(dps_id)
        names: dict[UUID, DpsNames] = {}
        for known_id in {c.dps_id for c in contracts} | {b.dps_id for b in budgets}:
            known = await uow.dps.find(known_id)
            if known is not None:
                names[known_id] = DpsNames(known.name, {lot.lot_id: lot.code
                                                        for lot in known.lots})
    return spend_report(financial_year=year, today=today, dps=names, contracts=contracts,
                        budgets=budgets, kpis=kpis)
