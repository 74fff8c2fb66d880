"""An injectable clock, so that tests move time instead of sleeping.

Every service asks its clock for the time; nothing calls ``datetime.now()`` directly.
All instants are timezone-aware UTC. Deadlines are reckoned in Europe/London (see
``shared.workdays``) and stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to. For tests and simulations."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, by: timedelta) -> datetime:
        self._now += by
        return self._now

    def set(self, to: datetime) -> datetime:
        if to.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware time")
        self._now = to.astimezone(UTC)
        return self._now
