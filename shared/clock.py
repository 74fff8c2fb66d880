"""An injectable clock, so that tests move time instead of sleeping.

Every service asks its clock for the time; nothing calls ``datetime.now()`` directly.
All instants are timezone-aware UTC. Deadlines are reckoned in Europe/London (see
``shared.workdays``) and stored in UTC.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
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


class FileClock:
    """Local mode only: the wall clock moved by an offset that a file holds.

    Every process of one ``dps run`` reads the same file (``<data dir>/clock.json``), so the
    end-to-end tests and the demo move time for the four services at once, and deadlines,
    standstills and tickers come without waiting. The file is re-read only when it changes.
    A missing file is no offset. Production never uses this (the settings refuse it unless
    the service runs with local authentication).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen: int | None = -1
        self._offset = timedelta(0)

    def generation(self) -> int | None:
        """Changes whenever the file does (a ticker runs at once when time is moved)."""
        try:
            return self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def offset(self) -> timedelta:
        seen = self.generation()
        if seen != self._seen:
            self._offset = read_offset(self.path)
            self._seen = seen
        return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset()


def read_offset(path: Path) -> timedelta:
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        return timedelta(0)
    except ValueError:
        # Half-written by hand: keep the wall clock rather than stop every service.
        return timedelta(0)
    return timedelta(seconds=float(data.get("offset_seconds", 0)))


def write_offset(path: Path, offset: timedelta) -> None:
    """Replace the file in one step, so no reader ever sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"offset_seconds": offset.total_seconds()}) + "\n")
    os.replace(temporary, path)


def move_clock(path: Path, *, by: timedelta | None = None, to: datetime | None = None) -> datetime:
    """Move a local run's clock forward ``by`` or to the moment ``to``; returns the new now.

    Time only moves forward: deadlines already passed stay passed.
    """
    current = read_offset(path)
    wall = datetime.now(UTC)
    if to is not None:
        if to.tzinfo is None:
            raise ValueError("give the time with its zone, e.g. 2027-06-01T09:00+01:00")
        wanted = to.astimezone(UTC) - wall
    else:
        wanted = current + (by or timedelta(0))
    if wanted < current:
        raise ValueError(
            f"the clock only moves forward; it is already {(wall + current):%Y-%m-%d %H:%M} UTC"
        )
    write_offset(path, wanted)
    return wall + wanted
