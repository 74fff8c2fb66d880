"""Working days in England and Wales.

A working day is Monday to Friday and not an England-and-Wales bank holiday (Easter
Monday, Good Friday, Christmas, substitute days ...), as the ``holidays`` package knows
them. Deadlines are computed on the Europe/London calendar and returned in UTC: a
deadline "N working days after" a moment ends at the close of the Nth working day
(23:59:59.999999 local time), whatever the season.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from shared.clock import LONDON


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list of bank holidays; "ENG" is the subdivision for it.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself never counts).

    ``add_working_days(Thu 17 Apr 2025, 1)`` is Tue 22 Apr 2025: Good Friday and Easter
    Monday are skipped. ``days`` must be zero or more; zero gives ``start`` back.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_date(moment: datetime) -> date:
    """The Europe/London calendar date of an aware instant."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(LONDON).date()


def end_of_local_day(day: date) -> datetime:
    """The last instant of ``day`` in Europe/London, as UTC."""
    return datetime.combine(day, time.max, tzinfo=LONDON).astimezone(UTC)


def working_day_deadline(start: datetime, days: int) -> datetime:
    """End of the ``days``-th working day after the local date of ``start``, in UTC."""
    return end_of_local_day(add_working_days(local_date(start), days))
