"""KPI records kept on a contract: a measure over a period against its target, rated on the
scale councils and the CQC use (Good / Approaching target / Requires improvement /
Inadequate). The contract manager gives the rating: it is a judgement, not a formula."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from services.contracts.domain import errors as e
from services.contracts.domain.contracts.contract import Contract
from shared.actors import Actor, Role, require_role


class Rating(StrEnum):
    GOOD = "good"
    APPROACHING_TARGET = "approaching_target"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(eq=False)
class KpiRecord:
    contract_id: UUID
    provider_id: UUID
    metric: str
    unit: str
    target: Decimal
    actual: Decimal
    period_start: date
    period_end: date
    rating: Rating
    note: str
    recorded_at: datetime
    recorded_by: str
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def record(
        cls, contract: Contract, *, metric: str, unit: str, target: Decimal, actual: Decimal,
        period_start: date, period_end: date, rating: Rating, note: str, now: datetime,
        by: Actor,
    ) -> KpiRecord:
        require_role(by, Role.COMMISSIONER)
        if period_end < period_start:
            raise e.InvalidKpiPeriod("A KPI period ends on or after the day it starts.")
        if period_start < contract.start_on or period_end > contract.ends_on:
            raise e.KpiOutsideContract(
                f"The period lies outside the contract ({contract.start_on:%d %b %Y} to"
                f" {contract.ends_on:%d %b %Y}).",
            )
        return cls(
            contract_id=contract.id, provider_id=contract.provider_id, metric=metric,
            unit=unit, target=target, actual=actual, period_start=period_start,
            period_end=period_end, rating=Rating(rating), note=note, recorded_at=now,
            recorded_by=by.id,
        )
