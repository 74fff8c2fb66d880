"""R14: the standstill by regime and value; nothing is signed before it ends."""

from __future__ import annotations

from datetime import date, time

import pytest

from services.contracts.domain.standstill import needs_assessment_summaries, standstill_for

from .factories import london

PCR = date(2015, 2, 26)
PA = date(2025, 2, 24)


def test_pcr_dps_call_off_has_no_standstill():
    assert standstill_for("pcr2015_dps", PCR, above_threshold=True, voluntary=False) is None


def test_pcr_dps_voluntary_standstill_is_10_calendar_days():
    chosen = standstill_for("pcr2015_dps", PCR, above_threshold=False, voluntary=True)
    assert (chosen.days, chosen.working_days, chosen.mandatory) == (10, False, False)


def test_pcr_light_touch_call_off_above_threshold_has_10_calendar_days_whatever_is_chosen():
    for voluntary in (False, True):
        required = standstill_for("pcr2015_light_touch", PCR, above_threshold=True,
                                  voluntary=voluntary)
        assert (required.days, required.working_days, required.mandatory) == (10, False, True)


def test_pcr_light_touch_call_off_below_threshold_has_none():
    assert standstill_for("pcr2015_light_touch", PCR, above_threshold=False,
                          voluntary=False) is None


def test_10_calendar_day_standstill_ends_at_the_close_of_the_tenth_day():
    required = standstill_for("pcr2015_light_touch", PCR, above_threshold=True, voluntary=False)
    assert required.ends_at(london(date(2027, 3, 1), time(9))) == london(
        date(2027, 3, 11), time(23, 59, 59, 999999)
    )


def test_procurement_act_voluntary_standstill_is_8_working_days_over_easter():
    voluntary = standstill_for("pa2023_dynamic_market", PA, above_threshold=False,
                               voluntary=True)
    assert (voluntary.days, voluntary.working_days) == (8, True)
    # Thursday 25 March 2027; Good Friday 26 March and Easter Monday 29 March do not count.
    assert voluntary.ends_at(london(date(2027, 3, 25), time(10))) == london(
        date(2027, 4, 8), time(23, 59, 59, 999999)
    )


def test_procurement_act_has_no_standstill_unless_chosen():
    assert standstill_for("pa2023_dynamic_market", PA, above_threshold=True,
                          voluntary=False) is None


@pytest.mark.parametrize(("regime", "needed"), [
    ("pa2023_dynamic_market", True), ("pa2023_open_framework", True),
    ("pcr2015_dps", False), ("pcr2015_light_touch", False),
])
def test_procurement_act_awards_wait_for_assessment_summaries(regime, needed):
    assert needs_assessment_summaries(regime) is needed
