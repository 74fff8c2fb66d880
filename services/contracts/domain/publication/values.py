"""How values are written in OCDS: instants in UTC with a ``Z``, days as their first instant
in Europe/London, amounts as JSON numbers to the penny (OCDS ``Value.amount`` is a number)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from shared.clock import LONDON


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_start(day: date) -> str:
    """A calendar day as OCDS wants a date-time: its first instant in Europe/London."""
    return iso(datetime.combine(day, time.min, tzinfo=LONDON))


def day_end(day: date) -> str:
    """The last second of a calendar day in Europe/London (an end date is inclusive)."""
    return iso(datetime.combine(day, time(23, 59, 59), tzinfo=LONDON))


def amount(value: Decimal) -> float | int:
    """An amount in GBP as OCDS writes it: a JSON number, exact to the penny."""
    pennies = value.quantize(Decimal("0.01"))
    return int(pennies) if pennies == pennies.to_integral_value() else float(pennies)


def gbp(value: Decimal) -> dict[str, object]:
    return {"amount": amount(value), "currency": "GBP"}


def pounds_text(value: Decimal) -> str:
    return f"£{value.quantize(Decimal('0.01')):,}"


def clean(text: str) -> str:
    """Council-entered text as published: control characters dropped, spaces collapsed."""
    return " ".join("".join(ch for ch in text if ch >= " " and ch != "\x7f").split())


#: Common Procurement Vocabulary: what care DPSs buy (every code a light-touch service).
CPV_SOCIAL_WORK = ("85300000", "Social work and related services")
CPV_BY_CATEGORY: dict[str, tuple[str, str]] = {
    "supported_living": ("85312000", "Social work services without accommodation"),
    "community_support": ("85312000", "Social work services without accommodation"),
    "day_opportunities": ("85312100", "Daycare services"),
    "residential": ("85311000", "Social work services with accommodation"),
}


def cpv_for(category: str | None) -> dict[str, str]:
    code, text = CPV_BY_CATEGORY.get((category or "").casefold(), CPV_SOCIAL_WORK)
    return {"scheme": "CPV", "id": code, "description": text}
