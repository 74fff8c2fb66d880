"""Money: pounds to the penny, and what a contract's rates and volumes are worth.

A contract's value comes from the evaluation that awarded it (``annual_cost`` and
``whole_life_cost`` of the response, or the call-off's own figures when prices were fixed):
that is the value approved and awarded. A variation changes it in proportion: the new
weekly cost over the old one scales the annual value (so whatever count of weeks a year the
call-off used is kept), and the whole-life value changes by the new annual value's
difference over the part of the full term (options in) left from the effective date.
Weekly cost is the sum of rate x quantity a week over the volume lines, each priced by the
rate of the same element, unit and band.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared.events.calloff import PriceLine, VolumeLine

PENNY = Decimal("0.01")
#: Weeks in a year when no awarded value exists to scale from (an imported placement).
WEEKS_PER_YEAR = Decimal(52)


def pounds(amount: Decimal) -> Decimal:
    """To the penny, half up (as councils' finance systems round)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def _key(element: str, unit: str, band: str | None) -> tuple[str, str, str]:
    return (element.strip().casefold(), unit, (band or "").strip().casefold())


def rate_for(line: VolumeLine, rates: Sequence[PriceLine]) -> PriceLine | None:
    """The rate pricing a volume line: same element, unit and band."""
    wanted = _key(line.element, line.unit, line.band)
    return next((r for r in rates if _key(r.element, r.unit, r.band) == wanted), None)


def unpriced(volumes: Sequence[VolumeLine], rates: Sequence[PriceLine]) -> list[VolumeLine]:
    """Volume lines no rate prices."""
    return [v for v in volumes if rate_for(v, rates) is None]


def weekly_cost(rates: Sequence[PriceLine], volumes: Sequence[VolumeLine]) -> Decimal:
    total = Decimal(0)
    for line in volumes:
        rate = rate_for(line, rates)
        if rate is not None:
            total += rate.amount * line.quantity_per_week
    return total


def annual_value(rates: Sequence[PriceLine], volumes: Sequence[VolumeLine]) -> Decimal:
    """52 weeks of the weekly cost (for a contract with no awarded value to scale)."""
    return pounds(weekly_cost(rates, volumes) * WEEKS_PER_YEAR)


def whole_life_value(annual: Decimal, term_months: int) -> Decimal:
    """The annual value over the full term, options in."""
    return pounds(annual * term_months / 12)


def scaled_annual(
    annual_before: Decimal,
    before: tuple[Sequence[PriceLine], Sequence[VolumeLine]],
    after: tuple[Sequence[PriceLine], Sequence[VolumeLine]],
) -> Decimal:
    """The annual value after a change of rates or volumes, in proportion to weekly cost."""
    weekly_before, weekly_after = weekly_cost(*before), weekly_cost(*after)
    if weekly_before <= 0:
        return annual_value(*after)
    return pounds(annual_before * weekly_after / weekly_before)


def whole_life_after_change(
    whole_life_before: Decimal,
    annual_before: Decimal,
    annual_after: Decimal,
    *,
    start_on: date,
    effective_on: date,
    latest_end_on: date,
    term_months: int,
) -> Decimal:
    """The whole-life value once the annual value changes from ``effective_on``: the
    difference counts over the share of the full term (options in) left from that day."""
    total_days = (latest_end_on - start_on).days + 1
    remaining = max(0, (latest_end_on - effective_on).days + 1)
    share = Decimal(remaining) / Decimal(total_days)
    change = (annual_after - annual_before) * Decimal(term_months) / 12 * share
    return max(Decimal(0), pounds(whole_life_before + change))
