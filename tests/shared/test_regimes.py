"""The law as dated data: every regime's rule sets, the rules in force on a day, and the
light-touch threshold on a day."""

from datetime import date
from decimal import Decimal

import pytest

from shared import regimes
from shared.regimes import (
    PA2023_IN_FORCE,
    RULE_SETS,
    Regime,
    RegimeNotInForce,
    ValueNotKnown,
    first_rules,
    light_touch_threshold_on,
    rules_effective_from,
    rules_for,
    value_on,
)

TODAY = date(2026, 3, 2)


def current(regime):
    return rules_for(regime, on=TODAY)


def test_every_regime_has_rule_sets_oldest_first():
    assert set(RULE_SETS) == set(Regime)
    for sets in RULE_SETS.values():
        dates = [rules.effective_from for rules in sets]
        assert dates == sorted(set(dates))
    assert rules_for("pcr2015_dps", on=TODAY) is RULE_SETS[Regime.PCR2015_DPS][-1]


def test_pcr_dps_row_states_the_statutory_rules():
    rules = current(Regime.PCR2015_DPS)
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
    assert [r for r in Regime if current(r).fees_allowed] == [Regime.PA2023_DYNAMIC_MARKET]


def test_closed_lots_allowed_only_under_light_touch_and_open_framework():
    allowed = {r for r in Regime if current(r).closed_lots_allowed}
    assert allowed == {Regime.PCR2015_LIGHT_TOUCH, Regime.PA2023_OPEN_FRAMEWORK}


def test_the_procurement_act_regimes_are_not_in_force_before_24_february_2025():
    with pytest.raises(RegimeNotInForce):
        rules_for(Regime.PA2023_DYNAMIC_MARKET, on=date(2025, 2, 23))
    assert rules_for(Regime.PA2023_DYNAMIC_MARKET, on=PA2023_IN_FORCE).effective_from == (
        PA2023_IN_FORCE
    )
    assert first_rules(Regime.PA2023_OPEN_FRAMEWORK).effective_from == PA2023_IN_FORCE


def test_a_later_rule_set_applies_from_its_date_and_the_earlier_one_stays_findable(monkeypatch):
    before = current(Regime.PCR2015_DPS)
    amended = regimes.RegimeRules(**{
        **{f: getattr(before, f) for f in before.__dataclass_fields__},
        "effective_from": date(2027, 1, 1), "decision_working_days": 12,
    })
    monkeypatch.setitem(RULE_SETS, Regime.PCR2015_DPS, (before, amended))
    assert rules_for(Regime.PCR2015_DPS, on=date(2026, 12, 31)) is before
    assert rules_for(Regime.PCR2015_DPS, on=date(2027, 1, 1)) is amended
    assert rules_effective_from(Regime.PCR2015_DPS, before.effective_from) is before


def test_light_touch_threshold_is_663540_including_vat_since_1_january_2024():
    assert light_touch_threshold_on(date(2024, 1, 1)) == Decimal("663540")
    assert light_touch_threshold_on(date(2026, 11, 23)) == Decimal("663540")
    with pytest.raises(ValueNotKnown):
        light_touch_threshold_on(date(2023, 12, 31))


def test_a_dated_value_is_the_one_in_force_before_and_after_a_change():
    table = ((date(2024, 1, 1), Decimal("663540")), (date(2026, 1, 1), Decimal("700000")))
    assert value_on(table, date(2025, 12, 31), "threshold") == Decimal("663540")
    assert value_on(table, date(2026, 1, 1), "threshold") == Decimal("700000")
    assert value_on(table, date(2030, 6, 1), "threshold") == Decimal("700000")


def test_a_call_off_reads_the_threshold_in_force_on_its_own_publication_date(monkeypatch):
    monkeypatch.setattr(regimes, "LIGHT_TOUCH_THRESHOLDS", (
        (date(2024, 1, 1), Decimal("663540")), (date(2027, 1, 1), Decimal("700000"))))
    assert light_touch_threshold_on(date(2026, 12, 31)) == Decimal("663540")
    assert light_touch_threshold_on(date(2027, 1, 1)) == Decimal("700000")
