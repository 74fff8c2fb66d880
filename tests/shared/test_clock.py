"""The injectable clock: always aware UTC, and a manual clock that moves only when told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.clock import ManualClock, SystemClock


def test_system_clock_is_aware_utc_and_close_to_now():
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_manual_clock_stores_utc_and_stands_still():
    clock = ManualClock(datetime(2025, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    assert clock.now() == datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert clock.now() == clock.now()


def test_manual_clock_advances_by_the_given_amount():
    clock = ManualClock(datetime(2025, 1, 1, tzinfo=UTC))
    assert clock.advance(timedelta(days=10, hours=3)) == datetime(2025, 1, 11, 3, tzinfo=UTC)
    assert clock.now() == datetime(2025, 1, 11, 3, tzinfo=UTC)


def test_manual_clock_can_be_set_and_converts_to_utc():
    clock = ManualClock(datetime(2025, 1, 1, tzinfo=UTC))
    moved = clock.set(datetime(2025, 8, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")))
    assert moved == datetime(2025, 8, 1, 11, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_manual_clock_refuses_naive_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2025, 1, 1))
    clock = ManualClock(datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2025, 1, 2))
