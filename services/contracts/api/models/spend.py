"""Budgets and the spend and KPI report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from services.contracts.api.models.base import Body, Decimal2, Money, Read, text
from services.contracts.domain import limits as n


class BudgetSet(Body):
    dps_id: UUID
    lot_id: UUID | None = Field(default=None, description="A lot's budget; omit: the DPS's.")
    buyer: text(n.NAME, min_length=1) | None = Field(  # type: ignore[valid-type]
        default=None, description="One buyer's part (by its funding shares); omit: all."
    )
    financial_year: int = Field(ge=n.FINANCIAL_YEAR_MIN, le=n.FINANCIAL_YEAR_MAX,
                                description="Its first year: 2027 for 1 Apr 2027-31 Mar 2028.")
    annual_budget: Money
    baseline_annual_spend: Money | None = None
    savings_target: Money | None = None


class BudgetRead(Read):
    id: UUID
    dps_id: UUID
    lot_id: UUID | None
    buyer: str | None
    financial_year: int
    annual_budget: Decimal2
    baseline_annual_spend: Decimal2 | None
    savings_target: Decimal2 | None
    set_at: datetime
    set_by: str


class RateComparisonRead(Read):
    element: str
    unit: str
    band: str | None
    contracts: int
    average_awarded: Decimal2
    reference_min: Decimal2 | None
    reference_max: Decimal2 | None
    against_reference_max_percent: Decimal | None = Field(
        description="How far the average lies above (+) or below (-) the reference maximum."
    )


class SpendLineRead(Read):
    dps_id: UUID
    dps_name: str
    lot_id: UUID | None
    lot_code: str | None
    buyer: str | None
    live_contracts: int
    committed_annual_spend: Decimal2
    annual_budget: Decimal2 | None
    budget_remaining: Decimal2 | None
    baseline_annual_spend: Decimal2 | None
    savings: Decimal2 | None
    savings_target: Decimal2 | None
    savings_shortfall: Decimal2 | None
    placements_made: int
    placements_transitioned: int
    average_days_to_contract: Decimal | None
    median_days_to_contract: Decimal | None
    rates: list[RateComparisonRead]
    kpi_ratings: dict[str, int]


class SpendReportRead(Read):
    financial_year: int
    starts_on: date
    ends_on: date
    as_of: date
    by_dps: list[SpendLineRead]
    by_lot: list[SpendLineRead]
    by_buyer: list[SpendLineRead]
