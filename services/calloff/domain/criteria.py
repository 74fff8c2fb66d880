"""A call-off's award criteria, refined from its DPS's catalogue (R7).

The DPS fixed its criteria and the weight range of each when it opened; a call-off chooses
among them, weights each inside its range, and the weights sum to 100. It may add none of
its own. A criterion left out weighs 0, so one whose range starts above 0 must be chosen;
except that the price is not competed when the council fixes the rate, so a ``cost``
criterion is then locked out altogether (quality and social value are scored, e.g. 95/5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.calloff.domain import errors as e
from shared.dpsview.model import KnownCriterion
from shared.events.calloff import CriterionWeight


class PricingMode(StrEnum):
    PRICE_COMPETED = "price_competed"
    FIXED_RATE = "fixed_rate"


@dataclass(frozen=True, slots=True)
class CriterionChoice:
    """A criterion of the catalogue (by code) and the weight this call-off gives it."""

    code: str
    weight: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "weight": str(self.weight)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CriterionChoice:
        return cls(data["code"], Decimal(data["weight"]))


def refine(
    catalogue: list[KnownCriterion],
    chosen: list[CriterionChoice],
    pricing_mode: PricingMode,
    *,
    required: bool = True,
) -> list[CriterionWeight]:
    """The criteria as this call-off weighs them, or the rule they break.

    ``required``: a competition needs criteria; a direct award may go without (it is only
    checked for compliance), but criteria it does give follow the same rules.
    """
    if not chosen:
        if required:
            raise e.CriteriaRequired(
                "A mini-competition needs award criteria chosen from the DPS's catalogue.",
                field="criteria",
            )
        return []
    by_code = {c.code: c for c in catalogue}
    codes = [c.code for c in chosen]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise e.CriterionListedTwice(
            f"Each criterion is chosen once: {', '.join(twice)} is listed twice.", codes=twice
        )
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise e.CriterionNotInCatalogue(
            f"{', '.join(unknown)} is not in the DPS's award-criteria catalogue; a call-off"
            " refines the DPS's criteria and adds none of its own.",
            codes=unknown,
            catalogue=sorted(by_code),
        )
    fixed = pricing_mode is PricingMode.FIXED_RATE
    cost = [code for code in codes if by_code[code].kind == "cost"]
    if fixed and cost:
        raise e.PriceLockedAtFixedRate(
            "The council fixes the rate, so price is not scored: leave out the cost criterion"
            f" ({', '.join(cost)}) and weigh quality and social value.",
            codes=cost,
        )
    if not fixed and not cost:
        raise e.CostCriterionRequired(
            "Price is competed, so a cost criterion of the catalogue must be weighed.",
            field="criteria",
        )
    weights = {c.code: c.weight for c in chosen}
    for criterion in catalogue:
        if fixed and criterion.kind == "cost":
            continue
        weight = weights.get(criterion.code, Decimal(0))
        if not criterion.allows(weight):
            raise e.WeightOutOfRange(
                f"{criterion.name} may weigh {criterion.min_weight}% to {criterion.max_weight}%"
                f" under this DPS; {weight}% is outside that range"
                + ("" if criterion.code in weights else " (left out, it weighs 0)") + ".",
                code=criterion.code,
                min_weight=criterion.min_weight,
                max_weight=criterion.max_weight,
            )
    total = sum(weights.values(), Decimal(0))
    if total != 100:
        raise e.WeightsDoNotSumTo100(
            f"The weights sum to {total}%, not 100%.", total=total
        )
    return [
        CriterionWeight(
            code=c.code, name=by_code[c.code].name, kind=by_code[c.code].kind, weight=c.weight
        )
        for c in chosen
    ]
