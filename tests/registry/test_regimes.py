"""A DPS obeys the rule set of its regime it keeps, and a later change does not re-rule it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.registry.domain import Regime
from services.registry.domain import errors as e
from shared.regimes import RULE_SETS, RegimeNotInForce, RegimeRules, rules_for
from tests.registry.factories import COMMISSIONER, make_dps

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)  # both Acts in force


def test_pcr_dps_refuses_closed_lot():
    dps = make_dps(
        NOW, open_=False, lots=(), initial_window_ends_at=datetime(2025, 4, 1, tzinfo=UTC)
    )
    with pytest.raises(e.ClosedLotNotAllowed):
        dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)
    assert dps.lots == []


def test_pa2023_dynamic_market_refuses_closed_lot():
    dps = make_dps(NOW, open_=False, lots=(), regime=Regime.PA2023_DYNAMIC_MARKET,
                   decision_service_level_working_days=15,
                   initial_window_ends_at=datetime(2025, 4, 1, tzinfo=UTC))
    with pytest.raises(e.ClosedLotNotAllowed):
        dps.add_lot("B", "Buildings", NOW, COMMISSIONER, closed_lot=True)


def test_light_touch_allows_closed_lot():
    dps = make_dps(NOW, open_=False, lots=(), regime=Regime.PCR2015_LIGHT_TOUCH,
                   decision_service_level_working_days=10,
                   initial_window_ends_at=datetime(2025, 4, 1, tzinfo=UTC))
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


# --- a DPS keeps the rule set in force when it opened ----------------------------------


def _amended(regime: Regime, effective_from: date, **changes):
    before = rules_for(regime, on=effective_from)
    fields = {f: getattr(before, f) for f in before.__dataclass_fields__}
    return before, RegimeRules(**{**fields, "effective_from": effective_from, **changes})


def test_a_change_in_the_law_after_a_dps_opened_does_not_re_rule_it(monkeypatch):
    dps = make_dps(NOW)
    assert dps.rules_effective_from == date(2015, 2, 26)
    before, amended = _amended(Regime.PCR2015_DPS, date(2026, 1, 1), decision_working_days=20,
                               decision_extension_working_days=25)
    monkeypatch.setitem(RULE_SETS, Regime.PCR2015_DPS, (before, amended))
    assert dps.rules is before and dps.decision_working_days == 10
    later = make_dps(datetime(2026, 2, 2, 9, tzinfo=UTC))
    assert later.rules_effective_from == date(2026, 1, 1)
    assert later.decision_working_days == 20


def test_a_dps_opens_under_the_rules_in_force_on_the_day_it_opens(monkeypatch):
    draft = make_dps(NOW, open_=False)
    before, amended = _amended(Regime.PCR2015_DPS, date(2025, 6, 1), decision_working_days=12)
    monkeypatch.setitem(RULE_SETS, Regime.PCR2015_DPS, (before, amended))
    draft.open(datetime(2025, 6, 2, 9, tzinfo=UTC), COMMISSIONER)
    [(_, opened)] = draft.pull_events()
    assert draft.rules is amended
    assert opened.rules_effective_from == date(2025, 6, 1)


def test_a_dps_under_a_regime_not_yet_in_force_may_be_drafted_but_not_opened():
    early = datetime(2025, 1, 6, 9, tzinfo=UTC)
    draft = make_dps(early, open_=False, regime=Regime.PA2023_DYNAMIC_MARKET,
                     decision_service_level_working_days=15)
    with pytest.raises(RegimeNotInForce):
        draft.open(early, COMMISSIONER)
    draft.open(datetime(2025, 2, 24, 9, tzinfo=UTC), COMMISSIONER)
    assert draft.rules_effective_from == date(2025, 2, 24)
