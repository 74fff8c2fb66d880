"""Working days in England and Wales, and deadlines at the end of the London day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.workdays import (
    add_working_days,
    end_of_local_day,
    is_bank_holiday,
    is_working_day,
    local_date,
    working_day_deadline,
    working_days_between,
)


def test_easter_2025_good_friday_and_easter_monday_are_not_working_days():
    assert is_bank_holiday(date(2025, 4, 18)) and is_bank_holiday(date(2025, 4, 21))
    assert is_working_day(date(2025, 4, 18)) is False
    assert is_working_day(date(2025, 4, 21)) is False
    assert is_working_day(date(2025, 4, 22)) is True


def test_one_working_day_after_maundy_thursday_2025_is_the_tuesday():
    assert add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)
    assert add_working_days(date(2025, 4, 16), 2) == date(2025, 4, 22)
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1


def test_christmas_2026_boxing_day_is_substituted_on_monday_28th():
    assert is_bank_holiday(date(2026, 12, 25))  # a Friday
    assert is_bank_holiday(date(2026, 12, 28))  # substitute for Saturday's Boxing Day
    assert is_working_day(date(2026, 12, 29)) is True
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3


def test_early_may_bank_holiday_is_skipped():
    assert add_working_days(date(2025, 5, 2), 1) == date(2025, 5, 6)  # Mon 5 May 2025 skipped


def test_early_may_bank_holiday_2020_moved_to_ve_day():
    assert is_bank_holiday(date(2020, 5, 8)) is True
    assert is_working_day(date(2020, 5, 4)) is True
    assert add_working_days(date(2020, 5, 7), 1) == date(2020, 5, 11)


def test_one_off_bank_holiday_for_the_state_funeral_2022():
    assert is_working_day(date(2022, 9, 19)) is False


def test_a_weekend_start_counts_from_monday():
    assert add_working_days(date(2025, 6, 7), 1) == date(2025, 6, 9)  # Saturday -> Monday
    assert add_working_days(date(2025, 6, 8), 5) == date(2025, 6, 13)  # Sunday -> Friday


def test_zero_days_gives_the_start_back_even_on_a_weekend():
    assert add_working_days(date(2025, 6, 7), 0) == date(2025, 6, 7)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2025, 6, 9), -1)


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert working_days_between(date(2025, 6, 9), date(2025, 6, 13)) == 4
    assert working_days_between(date(2025, 6, 9), date(2025, 6, 9)) == 0
    assert working_days_between(date(2025, 6, 13), date(2025, 6, 9)) == 0
    assert working_days_between(date(2025, 6, 6), date(2025, 6, 8)) == 0  # Fri -> Sun


def test_deadline_in_winter_ends_at_midnight_utc():
    deadline = working_day_deadline(datetime(2025, 1, 15, 10, 0, tzinfo=UTC), 10)
    assert deadline == datetime(2025, 1, 29, 23, 59, 59, 999999, tzinfo=UTC)
    assert deadline.tzinfo is UTC


def test_deadline_in_summer_ends_an_hour_earlier_in_utc():
    deadline = working_day_deadline(datetime(2025, 7, 1, 9, 0, tzinfo=UTC), 5)
    assert deadline == datetime(2025, 7, 8, 22, 59, 59, 999999, tzinfo=UTC)


def test_deadline_counts_from_the_london_date_not_the_utc_date():
    # 23:30 UTC on Mon 30 June is 00:30 on Tue 1 July in London.
    start = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    assert local_date(start) == date(2025, 7, 1)
    assert working_day_deadline(start, 1) == datetime(2025, 7, 2, 22, 59, 59, 999999, tzinfo=UTC)


def test_deadline_across_the_spring_clock_change_is_in_bst():
    start = datetime(2025, 3, 28, 12, 0, tzinfo=UTC)  # Friday, GMT; clocks go forward Sunday
    assert working_day_deadline(start, 1) == datetime(2025, 3, 31, 22, 59, 59, 999999, tzinfo=UTC)


def test_end_of_local_day_and_local_date_need_aware_times():
    assert end_of_local_day(date(2025, 12, 1)) == datetime(
        2025, 12, 1, 23, 59, 59, 999999, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2025, 1, 1, 12, 0))


dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2035, 12, 31))


@given(start=dates, days=st.integers(min_value=1, max_value=260))
def test_adding_working_days_lands_on_a_working_day(start, days):
    end = add_working_days(start, days)
    assert is_working_day(end)
    assert end > start


@given(start=dates, days=st.integers(min_value=0, max_value=260))
def test_working_days_between_inverts_add_working_days(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


@given(start=dates, days=st.integers(min_value=1, max_value=60))
def test_the_day_before_the_result_leaves_one_fewer_working_day(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end - timedelta(days=1)) == days - 1
