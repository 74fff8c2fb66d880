"""Compliance before scoring: prices against the lot's reference rates, mandatory answers, the
fixed rate; the Staffordshire supported-living rates (£13.60-£14.75/h, £78-£87/night)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from services.evaluation.domain import compliance as c
from services.evaluation.domain.compliance import Submission, check
from shared.events.calloff import Answer, ComplianceSettings
from tests.evaluation.factories import (
    criterion,
    opened,
    sefton_terms,
    sleep_in,
    staffordshire_terms,
    support,
)


def checked(terms, **kw):
    r = opened(terms, **kw)
    return check(terms, Submission(r.answers, r.prices, r.accepts_fixed_rate,
                                   r.capacity_confirmed, r.proposed_start_on))


def codes(findings):
    return [f.code for f in findings]


@pytest.mark.parametrize("hour, night", [
    ("13.60", "78.00"), ("14.75", "87.00"), ("14.00", "80.00"), ("13.61", "86.99"),
])
def test_staffordshire_prices_inside_the_reference_ranges_are_compliant_and_unflagged(hour, night):
    found = checked(staffordshire_terms(), prices=[support(hour), sleep_in(night)])
    assert found.compliant and found.flags == ()


@pytest.mark.parametrize("hour, night, above", [
    ("14.76", "80.00", "support per hour £14.76 above the reference maximum £14.75"),
    ("14.00", "87.01", "sleep_in per night £87.01 above the reference maximum £87.00"),
])
def test_price_above_the_reference_maximum_is_non_compliant_when_the_dps_says_so(
    hour, night, above
):
    found = checked(staffordshire_terms(), prices=[support(hour), sleep_in(night)])
    assert not found.compliant
    assert [str(f) for f in found.reasons] == [f"price_above_reference: {above}"]


def test_price_above_the_reference_maximum_is_flagged_when_the_dps_says_flag():
    terms = staffordshire_terms(compliance=ComplianceSettings(price_above_reference="flag"))
    found = checked(terms, prices=[support("15.50"), sleep_in("80.00")])
    assert found.compliant
    assert codes(found.flags) == [c.ABOVE_REFERENCE]


def test_price_below_abnormally_low_share_of_reference_minimum_is_flagged_for_clarification():
    # 80 % of £13.60 is £10.88; of £78 it is £62.40.
    terms = staffordshire_terms()
    low = checked(terms, prices=[support("10.87"), sleep_in("80.00")])
    assert low.compliant and codes(low.flags) == [c.ABNORMALLY_LOW]
    assert "support per hour £10.87 below 80 % of the reference minimum £13.60" in str(
        low.flags[0])
    assert checked(terms, prices=[support("10.88"), sleep_in("62.40")]).flags == ()
    assert codes(checked(terms, prices=[support("12.00"), sleep_in("62.39")]).flags) == [
        c.ABNORMALLY_LOW]


def test_abnormally_low_share_is_the_dps_setting():
    terms = staffordshire_terms(compliance=ComplianceSettings(abnormally_low_share=Decimal("0.9")))
    assert codes(checked(terms, prices=[support("12.00"), sleep_in("80")]).flags) == [
        c.ABNORMALLY_LOW]


def test_missing_mandatory_answer_is_non_compliant_with_its_reason():
    terms = staffordshire_terms(criteria=[
        criterion("quality", "quality", "40"), criterion("staffing", "quality", "20"),
        criterion("retention", "quality", "10", answer_type="numeric"),
        criterion("extras", "social_value", "0", mandatory=False),
        criterion("cost", "cost", "30"),
    ])
    found = checked(terms, answers=[
        Answer(criterion_code="quality", text="Person-centred support plans."),
        Answer(criterion_code="staffing", text="   "),
    ])
    assert codes(found.reasons) == [c.MISSING_ANSWER]
    assert str(found.reasons[0]) == (
        "missing_answer: no answer to mandatory staffing (Staffing), retention (Retention)"
    )


def test_a_price_competed_response_without_a_price_for_a_needed_element_is_non_compliant():
    found = checked(staffordshire_terms(), prices=[support("14.00")])
    assert [str(f) for f in found.reasons] == ["price_missing: no price for sleep_in per night"]


def test_fixed_rate_response_that_does_not_accept_the_council_rate_is_non_compliant():
    terms = sefton_terms()
    assert checked(terms, prices=[]).compliant
    found = checked(terms, prices=[], accepts_fixed_rate=False)
    assert [str(f) for f in found.reasons] == [
        "fixed_rate_not_accepted: the response does not accept the council's fixed rate"
        " (support per hour £18.50)"
    ]


def test_r7_fixed_rate_prices_are_not_checked_against_the_reference_rates():
    """The price is locked when rates are fixed: a bidder's own prices play no part."""
    terms = sefton_terms(reference_rates=staffordshire_terms().reference_rates)
    assert checked(terms, prices=[support("99.00")]).compliant


def test_unconfirmed_capacity_and_a_later_start_are_flagged_for_clarification():
    terms = staffordshire_terms()
    found = checked(terms, capacity_confirmed=False,
                    proposed_start_on=terms.start_on + timedelta(days=14))
    assert found.compliant
    assert codes(found.flags) == [c.CAPACITY_NOT_CONFIRMED, c.LATER_START]
