"""A budget for a financial year (1 April to 31 March), for a whole DPS, one of its lots, or
one buyer's part of it, with an optional savings target against a baseline (Kent: £1m
against £9.5m a year of spend).

Savings are measured as the baseline less the committed annual spend (the annual value of
the live contracts): until every existing placement is on a contract (the transition), the
figure overstates them, and the report says how many contracts it counts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid5

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.delegation import buyer_key
from shared.actors import Actor, Role, require_role
from shared.dpsview.model import KnownDps

BUDGET_NAMESPACE = UUID("4c2d8e6f-1a3b-5c7d-8e9f-0a1b2c3d4e5f")


def budget_id_for(dps_id: UUID, lot_id: UUID | None, buyer: str | None, year: int) -> UUID:
    scope = f"{dps_id}/{lot_id or '*'}/{buyer_key(buyer) if buyer else '*'}/{year}"
    return uuid5(BUDGET_NAMESPACE, scope)


class Budget:
    def __init__(
        self, *, dps_id: UUID, lot_id: UUID | None, buyer: str | None, financial_year: int,
        annual_budget: Decimal, baseline_annual_spend: Decimal | None,
        savings_target: Decimal | None, set_at: datetime, set_by: str,
    ) -> None:
        self.id = budget_id_for(dps_id, lot_id, buyer, financial_year)
        self.dps_id = dps_id
        self.lot_id = lot_id
        self.buyer = buyer
        self.financial_year = financial_year
        self.annual_budget = annual_budget
        self.baseline_annual_spend = baseline_annual_spend
        self.savings_target = savings_target
        self.set_at = set_at
        self.set_by = set_by

    @classmethod
    def set(
        cls, dps: KnownDps, *, lot_id: UUID | None, buyer: str | None, financial_year: int,
        annual_budget: Decimal, baseline_annual_spend: Decimal | None,
        savings_target: Decimal | None, now: datetime, by: Actor,
    ) -> Budget:
        """A budget for its scope and year (setting it again replaces it)."""
        require_role(by, Role.COMMISSIONER)
        if lot_id is not None:
            dps.lot(lot_id)
        if buyer is not None:
            known = {buyer_key(b): b for b in dps.buyer_organisations}
            if buyer_key(buyer) not in known:
                raise e.UnknownBuyer(
                    f"{buyer} is not a buyer of {dps.name}"
                    f" ({', '.join(dps.buyer_organisations)}).",
                )
            buyer = known[buyer_key(buyer)]
        if not n.FINANCIAL_YEAR_MIN <= financial_year <= n.FINANCIAL_YEAR_MAX:
            raise e.InvalidBudget("The financial year is its first year, e.g. 2027 for 2027-28.")
        if savings_target is not None:
            if baseline_annual_spend is None:
                raise e.InvalidBudget(
                    "A savings target is measured against a baseline: give the baseline"
                    " annual spend as well."
                )
            if savings_target > baseline_annual_spend:
                raise e.InvalidBudget("A savings target cannot exceed the baseline spend.")
        return cls(
            dps_id=dps.id, lot_id=lot_id, buyer=buyer, financial_year=financial_year,
            annual_budget=annual_budget, baseline_annual_spend=baseline_annual_spend,
            savings_target=savings_target, set_at=now, set_by=by.id,
        )
