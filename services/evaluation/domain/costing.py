"""What a response would cost the council: its whole-life cost.

    weekly cost     = sum over the call-off's volume lines of
                      quantity per week x the response's price for that element
                      (element, unit and band must match; lines of 0 a week are skipped)
    annual cost     = weekly cost x 52.14 weeks
    whole-life cost = weekly cost x 52.14 x years of the full term, extensions included
                      (initial term months + every extension option's months) / 12

Both are rounded to the penny (half up) once, at the end. So an hourly rate and a sleep-in
rate are compared on what the council would pay over the contract, not rate by rate. A
fixed-rate call-off costs every response at the council's fixed rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from shared.events.calloff import CallOffTerms, PriceLine, VolumeLine

#: 365.25 / 7, to two places: the weeks in an average year.
WEEKS_PER_YEAR = Decimal("52.14")
PENNY = Decimal("0.01")

Key = tuple[str, str, str | None]


def key_of(line: VolumeLine | PriceLine) -> Key:
    return (line.element, line.unit, line.band)


def describe(key: Key) -> str:
    element, unit, band = key
    return f"{element} per {unit}" + (f" ({band})" if band else "")


def pounds(amount: Decimal) -> str:
    return f"£{amount.quantize(PENNY, ROUND_HALF_UP):,}"


def term_years(initial_term_months: int, extension_months: Iterable[int]) -> Decimal:
    """The full term in years, every extension option included."""
    return Decimal(initial_term_months + sum(extension_months)) / Decimal(12)


def prices_by_key(prices: Sequence[PriceLine]) -> dict[Key, Decimal]:
    """A response's unit prices by element; of two lines for one element the first counts."""
    found: dict[Key, Decimal] = {}
    for line in prices:
        found.setdefault(key_of(line), line.amount)
    return found


def needed(volumes: Sequence[VolumeLine]) -> list[VolumeLine]:
    """The volume lines a price must cover: those the package uses at all."""
    return [v for v in volumes if v.quantity_per_week > 0]


@dataclass(frozen=True, slots=True)
class Cost:
    weekly: Decimal
    annual: Decimal
    whole_life: Decimal


def cost_of(terms: CallOffTerms, prices: Sequence[PriceLine]) -> Cost | None:
    """The response's cost at ``prices``, or None if a needed element has no price."""
    by_key = prices_by_key(prices)
    weekly = Decimal(0)
    for volume in needed(terms.volumes):
        price = by_key.get(key_of(volume))
        if price is None:
            return None
        weekly += volume.quantity_per_week * price
    years = term_years(terms.initial_term_months, terms.extension_months)
    return Cost(
        weekly=weekly,
        annual=(weekly * WEEKS_PER_YEAR).quantize(PENNY, ROUND_HALF_UP),
        whole_life=(weekly * WEEKS_PER_YEAR * years).quantize(PENNY, ROUND_HALF_UP),
    )


def priced_at(terms: CallOffTerms, own_prices: Sequence[PriceLine]) -> list[PriceLine]:
    """The prices a response is costed at: its own, or the council's fixed rates."""
    return list(terms.fixed_rates) if terms.pricing_mode == "fixed_rate" else list(own_prices)
