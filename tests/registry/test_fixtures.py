"""The seeds' DPSs, as the fixtures build them, match the council reports."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.registry.domain import AdmissionMode, DpsStatus, RateUnit, Regime
from services.registry.domain import errors as e
from tests.registry.factories import (
    COMMISSIONER,
    kent_everyday_life,
    make_dps,
    sefton_supported_living_pdps,
    staffordshire_day_opportunities,
    staffordshire_supported_living,
)

D = Decimal


def test_staffordshire_supported_living_rates_and_term():
    dps = staffordshire_supported_living(datetime(2019, 7, 1, 9, tzinfo=UTC))
    assert dps.status is DpsStatus.OPEN and dps.regime is Regime.PCR2015_LIGHT_TOUCH
    assert dps.initial_term_ends_on == date(2021, 6, 30)
    assert dps.max_end_on == date(2023, 6, 30)  # 2 years + 2 x 12 months
    card = dps.rate_card_for(dps.lots[0].id, date(2020, 1, 15))
    hour = card.rate("support", RateUnit.HOUR)
    night = card.rate("sleep_in", RateUnit.NIGHT)
    assert (hour.min_amount, hour.max_amount) == (D("13.60"), D("14.75"))
    assert (night.min_amount, night.max_amount) == (D("78.00"), D("87.00"))
    assert dps.lots[0].cqc_registration_required


def test_staffordshire_day_opportunities_day_and_transport_rates_and_term():
    dps = staffordshire_day_opportunities(datetime(2020, 1, 6, 9, tzinfo=UTC))
    assert dps.max_end_on == date(2024, 12, 31)  # 3 years + 2 x 12 months
    card = dps.rate_card_for(dps.lots[0].id, date(2020, 3, 1))
    day = {r.band: r.min_amount for r in card.rates if r.element == "support"}
    assert day == {"high_complex": D("95.00"), "medium": D("60.00"), "low_enablement": D("45.00")}
    transport = {r.band: r.min_amount for r in card.rates if r.element == "transport"}
    assert transport == {"standard": D("6.00"), "adapted_vehicle": D("10.00")}
    assert all(r.min_amount == r.max_amount and r.unit is RateUnit.DAY for r in card.rates)


def test_kent_three_lots_with_1b_closed_and_remote_in_1a_and_2():
    dps = kent_everyday_life(datetime(2022, 5, 30, 9, tzinfo=UTC))
    assert dps.admission_mode is AdmissionMode.WINDOWS
    lots = {lot.code: lot for lot in dps.lots}
    assert list(lots) == ["1a", "1b", "2"]
    assert [c for c, lot in lots.items() if lot.closed_lot] == ["1b"]
    assert [c for c, lot in lots.items() if lot.remote_delivery_allowed] == ["1a", "2"]


def test_kent_closed_lot_would_be_unlawful_as_a_pcr_dps():
    # Why the fixture uses the light-touch regime: under reg. 34 the closed Lot 1b is refused.
    now = datetime(2022, 5, 30, 9, tzinfo=UTC)
    pcr = make_dps(now, open_=False, lots=(), starts_on=date(2022, 10, 1),
                   initial_window_ends_at=datetime(2022, 6, 17, tzinfo=UTC))
    with pytest.raises(e.ClosedLotNotAllowed):
        pcr.add_lot("1b", "Building based", now, COMMISSIONER, closed_lot=True)


def test_sefton_pseudo_dps_is_light_touch_for_five_years_on_quality_and_social_value():
    dps = sefton_supported_living_pdps(datetime(2020, 9, 1, 9, tzinfo=UTC))
    assert dps.regime is Regime.PCR2015_LIGHT_TOUCH
    assert (dps.starts_on, dps.max_end_on) == (date(2020, 9, 1), date(2025, 8, 31))
    by_code = {c.code: c for c in dps.criteria}
    assert set(by_code) == {"quality", "social_value"}  # the hourly rate is set by the council
    assert by_code["quality"].allows(D("95")) and by_code["social_value"].allows(D("5"))


def test_fixtures_return_aggregates_without_pending_events():
    now = datetime(2020, 9, 1, 9, tzinfo=UTC)
    assert sefton_supported_living_pdps(now).pending_events == []
