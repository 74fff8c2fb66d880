"""The spend and KPI report of a financial year, per DPS, per lot and per buyer.

- committed annual spend: the annual value of the live contracts (draft, active, extended),
  a buyer's part by its funding share; against the budget of the scope, if set;
- savings: the baseline annual spend less the committed spend, against the target;
- awarded rates: the average of each element's rate over the live contracts, against the
  reference range the contracts were let under (how far above or below its maximum);
- placements: contracts awarded from call-offs in the year, and placements transitioned;
- time to contract: days from the requirement being raised to the contract's award;
- KPI ratings: the records whose period ends in the year, by rating.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from statistics import median
from uuid import UUID

from services.contracts.domain.contracts.contract import LIVE, ContractOrigin, ContractStatus
from services.contracts.domain.contracts.kpis import Rating
from services.contracts.domain.delegation import buyer_key
from services.contracts.domain.money import pounds
from services.contracts.domain.spend.budget import Budget
from services.contracts.domain.term import financial_year_bounds
from shared.events.calloff import FundingShare, PriceLine, ReferenceRate
from shared.workdays import local_date

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ContractFigures:
    """What the report needs of one contract."""

    id: UUID
    dps_id: UUID
    lot_id: UUID
    status: ContractStatus
    origin: ContractOrigin
    funding_shares: Sequence[FundingShare]
    rates: Sequence[PriceLine]
    reference_rates: Sequence[ReferenceRate]
    annual_value: Decimal
    awarded_at: datetime
    requirement_raised_at: datetime | None


@dataclass(frozen=True)
class KpiFigure:
    contract_id: UUID
    rating: Rating
    period_end: date


@dataclass
class RateComparison:
    element: str
    unit: str
    band: str | None
    contracts: int
    average_awarded: Decimal
    reference_min: Decimal | None
    reference_max: Decimal | None
    against_reference_max_percent: Decimal | None


@dataclass
class SpendLine:
    dps_id: UUID
    dps_name: str
    lot_id: UUID | None = None
    lot_code: str | None = None
    buyer: str | None = None
    live_contracts: int = 0
    committed_annual_spend: Decimal = Decimal("0.00")
    annual_budget: Decimal | None = None
    budget_remaining: Decimal | None = None
    baseline_annual_spend: Decimal | None = None
    savings: Decimal | None = None
    savings_target: Decimal | None = None
    savings_shortfall: Decimal | None = None
    placements_made: int = 0
    placements_transitioned: int = 0
    average_days_to_contract: Decimal | None = None
    median_days_to_contract: Decimal | None = None
    rates: list[RateComparison] = field(default_factory=list)
    kpi_ratings: dict[str, int] = field(default_factory=dict)


@dataclass
class SpendReport:
    financial_year: int
    starts_on: date
    ends_on: date
    as_of: date
    by_dps: list[SpendLine]
    by_lot: list[SpendLine]
    by_buyer: list[SpendLine]


@dataclass(frozen=True)
class DpsNames:
    name: str
    lots: Mapping[UUID, str]  # lot id -> code


def spend_report(
    *, financial_year: int, today: date, dps: Mapping[UUID, DpsNames],
    contracts: Sequence[ContractFigures], budgets: Iterable[Budget],
    kpis: Iterable[KpiFigure],
) -> SpendReport:
    first, last = financial_year_bounds(financial_year)
    budget_of = {
        (b.dps_id, b.lot_id, buyer_key(b.buyer) if b.buyer else None): b
        for b in budgets if b.financial_year == financial_year
    }
    ratings: dict[UUID, Counter[str]] = {}
    for k in kpis:
        if first <= k.period_end <= last:
            ratings.setdefault(k.contract_id, Counter())[k.rating.value] += 1

    def line(dps_id: UUID, members: list[tuple[ContractFigures, Decimal]], *,
             lot_id: UUID | None = None, buyer: str | None = None) -> SpendLine:
        names = dps.get(dps_id, DpsNames(str(dps_id), {}))
        out = SpendLine(dps_id=dps_id, dps_name=names.name, lot_id=lot_id,
                        lot_code=names.lots.get(lot_id) if lot_id else None, buyer=buyer)
        _fill(out, members, first, last, ratings)
        budget = budget_of.get((dps_id, lot_id, buyer_key(buyer) if buyer else None))
        if budget is not None:
            _apply_budget(out, budget)
        return out

    by_dps: dict[UUID, list[tuple[ContractFigures, Decimal]]] = {}
    by_lot: dict[tuple[UUID, UUID], list[tuple[ContractFigures, Decimal]]] = {}
    by_buyer: dict[tuple[UUID, str], list[tuple[ContractFigures, Decimal]]] = {}
    for c in contracts:
        by_dps.setdefault(c.dps_id, []).append((c, Decimal(1)))
        by_lot.setdefault((c.dps_id, c.lot_id), []).append((c, Decimal(1)))
        for share in c.funding_shares:
            by_buyer.setdefault((c.dps_id, share.buyer), []).append(
                (c, share.share_percent / 100)
            )
    for (dps_id, lot_id, buyer), _budget in budget_of.items():
        # A scope with a budget and no contract yet still shows its budget.
        if lot_id is None and buyer is None:
            by_dps.setdefault(dps_id, [])
        elif buyer is None and lot_id is not None:
            by_lot.setdefault((dps_id, lot_id), [])
        elif lot_id is None and _budget.buyer is not None:
            by_buyer.setdefault((dps_id, _budget.buyer), [])
    return SpendReport(
        financial_year=financial_year, starts_on=first, ends_on=last, as_of=today,
        by_dps=[line(d, m) for d, m in sorted(by_dps.items(), key=lambda i: str(i[0]))],
        by_lot=[line(d, m, lot_id=lot) for (d, lot), m in
                sorted(by_lot.items(), key=lambda i: (str(i[0][0]), str(i[0][1])))],
        by_buyer=[line(d, m, buyer=b) for (d, b), m in
                  sorted(by_buyer.items(), key=lambda i: (str(i[0][0]), i[0][1]))],
    )


def _fill(
    out: SpendLine, members: list[tuple[ContractFigures, Decimal]], first: date, last: date,
    ratings: Mapping[UUID, Counter[str]],
) -> None:
    live = [(c, share) for c, share in members if c.status in LIVE]
    out.live_contracts = len(live)
    out.committed_annual_spend = pounds(sum((c.annual_value * s for c, s in live), Decimal(0)))
    in_year = [c for c, _ in members if first <= local_date(c.awarded_at) <= last]
    out.placements_made = sum(c.origin is ContractOrigin.CALL_OFF for c in in_year)
    out.placements_transitioned = sum(c.origin is ContractOrigin.TRANSITION for c in in_year)
    days = [
        Decimal((c.awarded_at - c.requirement_raised_at).total_seconds()) / 86400
        for c in in_year
        if c.origin is ContractOrigin.CALL_OFF and c.requirement_raised_at is not None
    ]
    if days:
        out.average_days_to_contract = (sum(days, Decimal(0)) / len(days)).quantize(TENTH)
        out.median_days_to_contract = Decimal(median(days)).quantize(TENTH)
    out.rates = _rates([c for c, _ in live])
    counted: Counter[str] = Counter({r.value: 0 for r in Rating})
    for c, _ in members:
        counted.update(ratings.get(c.id, Counter()))
    out.kpi_ratings = dict(counted)


def _key(element: str, unit: str, band: str | None) -> tuple[str, str, str]:
    return (element.strip().casefold(), unit, (band or "").strip().casefold())


def _rates(contracts: list[ContractFigures]) -> list[RateComparison]:
    awarded: dict[tuple[str, str, str], list[Decimal]] = {}
    shown: dict[tuple[str, str, str], PriceLine] = {}
    references: dict[tuple[str, str, str], list[ReferenceRate]] = {}
    for c in contracts:
        for rate in c.rates:
            key = _key(rate.element, rate.unit, rate.band)
            awarded.setdefault(key, []).append(rate.amount)
            shown.setdefault(key, rate)
            references.setdefault(key, []).extend(
                r for r in c.reference_rates if _key(r.element, r.unit, r.band) == key
            )
    out = []
    for key in sorted(awarded):
        amounts = awarded[key]
        average = pounds(sum(amounts, Decimal(0)) / len(amounts))
        refs = references[key]
        low = min((r.min_amount for r in refs), default=None)
        high = max((r.max_amount for r in refs), default=None)
        percent = ((average - high) / high * 100).quantize(TENTH) if high else None
        out.append(RateComparison(
            element=shown[key].element, unit=shown[key].unit, band=shown[key].band,
            contracts=len(amounts), average_awarded=average,
            reference_min=low, reference_max=high, against_reference_max_percent=percent,
        ))
    return out


def _apply_budget(out: SpendLine, budget: Budget) -> None:
    out.annual_budget = budget.annual_budget
    out.budget_remaining = pounds(budget.annual_budget - out.committed_annual_spend)
    if budget.baseline_annual_spend is not None:
        out.baseline_annual_spend = budget.baseline_annual_spend
        out.savings = pounds(budget.baseline_annual_spend - out.committed_annual_spend)
    if budget.savings_target is not None and out.savings is not None:
        out.savings_target = budget.savings_target
        out.savings_shortfall = pounds(max(Decimal(0), budget.savings_target - out.savings))
