"""What a call-off is worth over its whole life, and whether that passes the threshold (R11).

Whole-life value = the rate of each element x its weekly volume x 52.14 weeks a year x the
years of the full term, every extension option included (a call-off must be valued at the
most it can cost). Which rates:
- a fixed-rate call-off: the council's fixed rates, which every response accepts;
- a price-competed one: the **maximum of the lot's reference range** on the rate card in
  force on the publication date. Before responses arrive no price is known; the law asks
  for the estimated maximum payable, and a price above the reference maximum is
  non-compliant (or flagged) at evaluation, so the top of the range is the honest upper
  estimate. The value is never understated against the threshold.

The threshold is the light-touch threshold in force on the publication date
(``shared.regimes.light_touch_threshold_on``); a value equal to it or more is above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.calloff.domain import errors as e
from services.calloff.domain.requirements import Volume
from shared.dpsview.model import KnownRate
from shared.events.calloff import PriceLine, ReferenceRate

WEEKS_PER_YEAR = Decimal("52.14")
_PENNY = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Valuation:
    weekly_value: Decimal
    annual_value: Decimal
    whole_life_value: Decimal
    threshold: Decimal

    @property
    def above_threshold(self) -> bool:
        return self.whole_life_value >= self.threshold


def term_months(initial_term_months: int, extension_months: list[int]) -> int:
    return initial_term_months + sum(extension_months)


def value(
    rates: dict[tuple[str, str, str | None], Decimal],
    volumes: list[Volume],
    *,
    initial_term_months: int,
    extension_months: list[int],
    threshold: Decimal,
) -> Valuation:
    """``rates``: the amount per unit of each volume line's (element, unit, band)."""
    weekly = sum((rates[v.key] * v.quantity_per_week for v in volumes), Decimal(0))
    annual = weekly * WEEKS_PER_YEAR
    whole = annual * term_months(initial_term_months, extension_months) / 12
    return Valuation(
        weekly_value=weekly.quantize(_PENNY, ROUND_HALF_UP),
        annual_value=annual.quantize(_PENNY, ROUND_HALF_UP),
        whole_life_value=whole.quantize(_PENNY, ROUND_HALF_UP),
        threshold=threshold,
    )


def fixed_rates_for(volumes: list[Volume], fixed: list[PriceLine]) -> dict[tuple, Decimal]:
    """The council's fixed rate of each volume line: exactly one per line, none other."""
    by_key = {(p.element, p.unit, p.band): p.amount for p in fixed}
    wanted = {v.key for v in volumes}
    if len(by_key) != len(fixed) or set(by_key) != wanted:
        raise e.FixedRatesDoNotMatchVolumes(
            "Give one fixed rate for each element (unit and band) of the requirement's weekly"
            " volumes, and no other.",
            missing=[_label(k) for k in sorted(wanted - set(by_key), key=str)],
            extra=[_label(k) for k in sorted(set(by_key) - wanted, key=str)],
        )
    return by_key


def reference_for(volumes: list[Volume], reference: list[KnownRate]) -> list[ReferenceRate]:
    """The lot's reference rate of each volume line on the publication date."""
    by_key = {(r.element, r.unit, r.band): r for r in reference}
    missing = [v.key for v in volumes if v.key not in by_key]
    if missing:
        raise e.NoReferenceRate(
            "The lot has no reference rate in force that day for "
            + ", ".join(_label(k) for k in missing)
            + ": a price-competed call-off is valued at the reference maximum. Fix the rates"
            " (fixed_rate) or ask for a rate card that covers them.",
            missing=[_label(k) for k in missing],
        )
    return [
        ReferenceRate(
            element=r.element, unit=r.unit, band=r.band,  # type: ignore[arg-type]
            min_amount=r.min_amount, max_amount=r.max_amount,
        )
        for r in (by_key[v.key] for v in volumes)
    ]


def _label(key: tuple[str, str, str | None]) -> str:
    element, unit, band = key
    return f"{element} per {unit}" + (f" ({band})" if band else "")
