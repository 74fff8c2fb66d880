"""Term arithmetic: a term of N months from a start date ends the day before the same day N
months later (a 3-year contract from 1 April 2027 ends on 31 March 2030)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def end_of_term(start_on: date, months: int) -> date:
    return start_on + relativedelta(months=months) - timedelta(days=1)


def extended(ends_on: date, months: int) -> date:
    """The new end after an extension of ``months`` taken on a term ending ``ends_on``."""
    return end_of_term(ends_on + timedelta(days=1), months)


def financial_year_of(day: date) -> int:
    """The council's financial year (1 April to 31 March) a day falls in, by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)
