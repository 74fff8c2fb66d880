"""The regime table, and that a DPS obeys its regime's row."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.registry.domain import RULES, Regime, rules_for
from services.registry.domain import errors as e
from services.registry.fixtures import COMMISSIONER, make_dps

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)


def test_every_regime_has_exactly_one_rules_row():
    assert set(RULES) == set(Regime)
    assert rules_for("pcr2015_dps") is RULES[Regime.PCR2015_DPS]


def test_pcr_dps_row_states_the_statutory_rules():
    rules = RULES[Regime.PCR2015_DPS]
    assert rules.decision_working_days == 10
    assert rules.decision_extension_working_days == 15
    assert rules.latest_end == date(2029, 2, 23)
    assert rules.min_response_calendar_days == 10
    assert rules.closed_lots_allowed is False
    assert rules.fees_allowed is False
    assert rules.invite_every_member is True
    assert rules.admit_every_qualifying is True
    assert rules.standstill_required is False


def test_only_pa2023_dynamic_market_allows_fees():
    assert [r for r, rules in RULES.items() if rules.fees_allowed] == [Regime.PA2023_DYNAMIC_MARKET]


def test_closed_lots_allowed_only_under_light_touch_and_open_framework():
    allowed = {r for r, rules in RULES.items() if rules.closed_lots_allowed}
    assert allowed == {Regime.PCR2015_LIGHT_TOUCH, Regime.PA2023_OPEN_FRAMEWORK}


def test_pcr_dps_refuses_closed_lot():
    dps = make_dps(
        NOW, open_=False, lots=(), initial_window_ends_at=datetime(2025, 2, 1, tzinfo=UTC)
    )
    with pytest.raises(e.ClosedLotNotAllowed):
        dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)
    assert dps.lots == []


def test_pa2023_dynamic_market_refuses_closed_lot():
    dps = make_dps(NOW, open_=False, lots=(), regime=Regime.PA2023_DYNAMIC_MARKET,
                   decision_service_level_working_days=15,
                   initial_window_ends_at=datetime(2025, 2, 1, tzinfo=UTC))
    with pytest.raises(e.ClosedLotNotAllowed):
        dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)


def test_light_touch_allows_closed_lot():
    dps = make_dps(NOW, open_=False, lots=(), regime=Regime.PCR2015_LIGHT_TOUCH,
                   decision_service_level_working_days=10,
                   initial_window_ends_at=datetime(2025, 2, 1, tzinfo=UTC))
    lot = dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)
    assert lot.closed_lot


def test_closed_lot_needs_an_initial_window():
    dps = make_dps(NOW, open_=False, lots=(), regime=Regime.PCR2015_LIGHT_TOUCH,
                   decision_service_level_working_days=10)
    with pytest.raises(e.InvalidWindow):
        dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)


def test_pcr_dps_cannot_end_after_23_feb_2029():
    # 1 Mar 2025 + 48 months ends 28 Feb 2029: past the statutory end.
    with pytest.raises(e.TermBeyondRegime) as refused:
        make_dps(NOW, starts_on=date(2025, 3, 1), initial_term_months=36, extension_months=[12])
    assert "23 Feb 2029" in refused.value.message


def test_pcr_dps_may_end_on_23_feb_2029_itself():
    dps = make_dps(NOW, starts_on=date(2025, 2, 24), initial_term_months=48, extension_months=[])
    assert dps.max_end_on == date(2029, 2, 23)


def test_pcr_end_limit_counts_every_extension_option():
    with pytest.raises(e.TermBeyondRegime):
        make_dps(
            NOW, starts_on=date(2025, 1, 1), initial_term_months=24, extension_months=[12, 12, 12]
        )


def test_light_touch_has_no_latest_end():
    dps = make_dps(NOW, regime=Regime.PCR2015_LIGHT_TOUCH, decision_service_level_working_days=10,
                   initial_term_months=120, extension_months=[])
    assert dps.max_end_on == date(2034, 12, 31)


def test_open_framework_cannot_exceed_eight_years():
    with pytest.raises(e.TermBeyondRegime):
        make_dps(NOW, regime=Regime.PA2023_OPEN_FRAMEWORK, decision_service_level_working_days=10,
                 initial_term_months=72, extension_months=[12, 12, 12])
    ok = make_dps(NOW, regime=Regime.PA2023_OPEN_FRAMEWORK, decision_service_level_working_days=10,
                  initial_term_months=72, extension_months=[12, 12])
    assert ok.max_end_on == date(2032, 12, 31)


def test_fees_refused_where_regime_forbids_them():
    with pytest.raises(e.FeesNotAllowed):
        make_dps(NOW, participation_fee=Decimal("50.00"))


def test_fees_allowed_in_pa2023_dynamic_market():
    dps = make_dps(NOW, regime=Regime.PA2023_DYNAMIC_MARKET, decision_service_level_working_days=15,
                   participation_fee=Decimal("50.00"))
    assert dps.participation_fee == Decimal("50.00")


def test_council_set_regimes_need_a_decision_service_level():
    with pytest.raises(e.DecisionServiceLevelRequired):
        make_dps(NOW, regime=Regime.PCR2015_LIGHT_TOUCH)


def test_statutory_decision_period_overrides_a_council_service_level():
    dps = make_dps(NOW, decision_service_level_working_days=30)
    assert dps.decision_working_days == 10
    assert dps.decision_extension_working_days == 15
