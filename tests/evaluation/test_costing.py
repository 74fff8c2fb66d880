"""Whole-life cost: unit prices x the call-off's weekly volumes x 52.14 x years of the full
term, extensions included, so an hourly rate and a sleep-in rate compare on what the council
would pay."""

from __future__ import annotations

from decimal import Decimal

from services.evaluation.domain.costing import cost_of, priced_at, term_years
from shared.events.calloff import VolumeLine
from tests.evaluation.factories import sefton_terms, sleep_in, staffordshire_terms, support


def test_whole_life_cost_is_weekly_cost_times_52_14_weeks_times_the_full_term_in_years():
    terms = staffordshire_terms()  # 40 h + 7 nights a week; 24 + 12 + 12 months
    cost = cost_of(terms, [support("14.00"), sleep_in("80.00")])
    assert cost is not None
    assert cost.weekly == Decimal("1120.00")  # 40 x 14 + 7 x 80
    assert cost.annual == Decimal("58396.80")  # x 52.14: near the seed's ~£62,000 a year
    assert cost.whole_life == Decimal("233587.20")  # x 4 years


def test_term_years_include_every_extension_option():
    assert term_years(24, [12, 12]) == 4
    assert term_years(36, [12, 12]) == 5
    assert term_years(18, []) == Decimal("1.5")


def test_whole_life_cost_is_rounded_to_the_penny_once_at_the_end():
    terms = staffordshire_terms(
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=Decimal("37.5"))],
        initial_term_months=7, extension_months=[],
    )
    cost = cost_of(terms, [support("13.61")])
    assert cost is not None
    # 37.5 x 13.61 = 510.375 a week; x 52.14 = 26,610.9525; x 7/12 = 15,523.055625
    assert (cost.annual, cost.whole_life) == (Decimal("26610.95"), Decimal("15523.06"))


def test_an_element_the_package_does_not_use_needs_no_price():
    terms = staffordshire_terms(volumes=[
        VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(40)),
        VolumeLine(element="sleep_in", unit="night", quantity_per_week=Decimal(0)),
    ])
    assert cost_of(terms, [support("14.00")]) is not None
    assert cost_of(terms, [sleep_in("80.00")]) is None


def test_a_fixed_rate_call_off_costs_every_response_at_the_councils_rate():
    terms = sefton_terms()  # 30 h a week at £18.50; 36 + 12 + 12 months
    cost = cost_of(terms, priced_at(terms, [support("12.00")]))
    assert cost is not None
    assert (cost.annual, cost.whole_life) == (Decimal("28937.70"), Decimal("144688.50"))
