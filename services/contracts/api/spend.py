"""Budgets (commissioner) and the spend and KPI report (the council, finance, auditors)."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query

from services.contracts.api.actors import Commissioner, SpendReader
from services.contracts.api.models.spend import BudgetRead, BudgetSet, SpendReportRead
from services.contracts.domain import limits as n
from services.contracts.handlers import spend as handlers
from services.contracts.store import ContractsUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead, page_body
from shared.http.problems import problem_responses

router = APIRouter(tags=["spend"], responses=problem_responses(400, 401, 403))
Year = Query(default=None, ge=n.FINANCIAL_YEAR_MIN, le=n.FINANCIAL_YEAR_MAX,
             description="The financial year by its first year (2027: 2027-28).")


@router.put("/budgets", response_model=BudgetRead, responses=problem_responses(404, 409, 422))
async def set_budget(
    body: BudgetSet, actor: Commissioner, uow: Uow[ContractsUnitOfWork], clock: ClockDep
) -> Any:
    """Set (or replace) the annual budget of a DPS, a lot or a buyer's part for a financial
    year, with an optional savings target against a baseline spend."""
    return await handlers.set_budget(handlers.SetBudget(**body.model_dump()), uow, clock, actor)


@router.get("/budgets", response_model=PageRead[BudgetRead], responses=problem_responses(422))
async def list_budgets(
    _: SpendReader, uow: Uow[ContractsUnitOfWork], page: PageParams,
    dps_id: UUID | None = None, financial_year: int | None = Year,
) -> Any:
    return page_body(await handlers.list_budgets(uow, page, dps_id=dps_id,
                                                 financial_year=financial_year))


@router.get("/spend", response_model=SpendReportRead, responses=problem_responses(404, 422))
async def spend(
    _: SpendReader, uow: Uow[ContractsUnitOfWork], clock: ClockDep,
    dps_id: UUID | None = None, financial_year: int | None = Year,
) -> Any:
    """Committed annual spend against budget, savings against target, average awarded rates
    against the reference rates, placements made, time from requirement to contract, KPI
    ratings: per DPS, per lot and per buyer (this financial year unless one is asked)."""
    return await handlers.report(uow, clock, dps_id=dps_id, financial_year=financial_year)
