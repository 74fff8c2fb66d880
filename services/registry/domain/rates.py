"""Rate cards: the council's reference rates for a lot, in GBP, over a period.

A rate is fixed (``£95 per day``) or a range (``£13.60-£14.75 per hour``). A rate card for a
lot holds the rates effective from one date until another (or open-ended); two cards for the
same lot may not overlap, so "the rate on a given day" always has one answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from services.registry.domain import limits
from services.registry.domain.errors import InvalidRate, RateMinAboveMax
from shared.events.registry import RateCardAdded, RateSummary

CURRENCY = "GBP"
PENNY = Decimal("0.01")
#: What the store's NUMERIC(12, 2) holds: amounts below ten thousand million pounds.
MONEY_CEILING = Decimal(10) ** (limits.MONEY_DIGITS - limits.MONEY_PLACES)


class PriceAboveReference(StrEnum):
    """What a call-off price above the lot's reference maximum is (a DPS setting)."""

    NON_COMPLIANT = "non_compliant"
    FLAG = "flag"


class RateUnit(StrEnum):
    HOUR = "hour"
    NIGHT = "night"
    DAY = "day"
    WEEK = "week"


def money(value: Decimal | str | int) -> Decimal:
    """A GBP amount to the penny. Floats are refused: they cannot hold 13.60 exactly."""
    if isinstance(value, float):
        raise InvalidRate("Give money as a Decimal or a string such as '13.60', not a float.")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise InvalidRate(f"{value!r} is not an amount.", amount=str(value)) from None
    if not amount.is_finite() or abs(amount) >= MONEY_CEILING:
        raise InvalidRate(
            f"An amount is below {MONEY_CEILING:,} GBP (got {value}).", amount=str(value)
        )
    if amount != amount.quantize(PENNY):
        raise InvalidRate(f"{value} has fractions of a penny.", amount=str(value))
    if amount < 0:
        raise InvalidRate(f"An amount cannot be negative ({value}).", amount=str(value))
    return amount.quantize(PENNY)


@dataclass(eq=False)
class Rate:
    """One line of a rate card: what is paid (``element``), per ``unit``, for a ``band``.

    ``element`` names the thing priced (``support``, ``sleep_in``, ``transport``);
    ``band`` the need band or variant (``high_complex``, ``adapted``), if any.
    """

    element: str
    unit: RateUnit
    min_amount: Decimal
    max_amount: Decimal
    band: str | None = None
    currency: str = CURRENCY
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.unit = RateUnit(self.unit)
        self.min_amount = money(self.min_amount)
        self.max_amount = money(self.max_amount)
        if not self.element:
            raise InvalidRate("A rate needs an element (what it pays for, e.g. 'support').")
        if self.currency != CURRENCY:
            raise InvalidRate(f"Rates are in {CURRENCY}, not {self.currency}.")
        if self.min_amount > self.max_amount:
            raise RateMinAboveMax(
                f"The minimum £{self.min_amount} is above the maximum £{self.max_amount}"
                f" for {self.element} per {self.unit.value}; swap them or fix the typo.",
                min_amount=str(self.min_amount),
                max_amount=str(self.max_amount),
            )

    @classmethod
    def fixed(
        cls, element: str, unit: RateUnit, amount: Decimal | str, band: str | None = None
    ) -> Rate:
        return cls(element, unit, Decimal(amount), Decimal(amount), band)

    @classmethod
    def range(
        cls,
        element: str,
        unit: RateUnit,
        min_amount: Decimal | str,
        max_amount: Decimal | str,
        band: str | None = None,
    ) -> Rate:
        return cls(element, unit, Decimal(min_amount), Decimal(max_amount), band)

    def allows(self, amount: Decimal) -> bool:
        return self.min_amount <= amount <= self.max_amount


@dataclass(eq=False)
class RateCard:
    """The rates for one lot from ``effective_from`` to ``effective_to`` (inclusive; None: open)."""

    lot_id: UUID
    effective_from: date
    rates: list[Rate]
    effective_to: date | None = None
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        if not self.rates:
            raise InvalidRate("A rate card needs at least one rate.")
        if len(self.rates) > limits.RATES_PER_CARD:
            raise InvalidRate(f"A rate card holds at most {limits.RATES_PER_CARD} rates.")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise InvalidRate(
                f"A rate card cannot end ({self.effective_to}) before it starts"
                f" ({self.effective_from})."
            )
        keys = [(r.element, r.unit, r.band) for r in self.rates]
        if len(keys) != len(set(keys)):
            raise InvalidRate("A rate card lists the same element, unit and band twice.")

    def effective_on(self, day: date) -> bool:
        ends = self.effective_to or date.max
        return self.effective_from <= day <= ends

    def overlaps(self, other: RateCard) -> bool:
        far = date.max
        return self.effective_from <= (other.effective_to or far) and other.effective_from <= (
            self.effective_to or far
        )

    def announced(self, dps_id: UUID, now: datetime) -> RateCardAdded:
        """The card as other services learn of it."""
        return RateCardAdded(
            occurred_at=now, dps_id=dps_id, lot_id=self.lot_id, rate_card_id=self.id,
            effective_from=self.effective_from, effective_to=self.effective_to,
            rates=[
                RateSummary(element=r.element, unit=r.unit.value, band=r.band,
                            min_amount=r.min_amount, max_amount=r.max_amount)
                for r in self.rates
            ],
        )

    def rate(self, element: str, unit: RateUnit, band: str | None = None) -> Rate:
        for r in self.rates:
            if (r.element, r.unit, r.band) == (element, RateUnit(unit), band):
                return r
        raise KeyError((element, unit, band))
