"""The rules of DOMAIN.md the call-off service enforces, each proved on the domain alone and
named after the rule (R1, R5-R7, R11, R12, R19, R20)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from services.calloff.domain import errors as e
from services.calloff.domain.call_offs import CallOffKind, CallOffStatus, PricingMode
from services.calloff.domain.members import MemberStatus
from services.calloff.domain.requirements import Unit, Volume
from shared.clock import LONDON
from shared.events.calloff import CallOffPublished, InvitationIssued
from shared.events.registry import LotSummary
from tests.calloff import factories as f
from tests.calloff.domain_support import (
    NOW,
    candidate,
    draft,
    fixed,
    known_dps,
    publish,
    requirement,
)

# --- R1: the regime of each DPS; PCR 2015 DPSs end by 23 Feb 2029 --------------------------------


def test_pcr_dps_rejects_a_call_off_published_after_23_feb_2029():
    dps = known_dps(ends_on=date(2029, 12, 31))
    late = datetime(2029, 2, 24, 9, tzinfo=LONDON).astimezone(UTC)
    req = requirement(dps, start_on=date(2029, 4, 1))
    call_off = draft(dps, req, now=late - timedelta(days=2))
    with pytest.raises(e.DpsRegimeEnded):
        publish(call_off, dps, req, [candidate()], now=late)
    assert call_off.status is CallOffStatus.DRAFT and not call_off.pending_events


def test_pcr_dps_still_takes_a_call_off_on_23_feb_2029():
    dps = known_dps(ends_on=date(2029, 12, 31))
    last = datetime(2029, 2, 23, 9, tzinfo=LONDON).astimezone(UTC)
    req = requirement(dps, start_on=date(2029, 4, 1))
    call_off = draft(dps, req, now=last, deadline=last + timedelta(days=10))
    publish(call_off, dps, req, [candidate()], now=last)
    assert call_off.status is CallOffStatus.PUBLISHED


def test_light_touch_dps_has_no_2029_end_date():
    dps = known_dps("pcr2015_light_touch", ends_on=date(2030, 12, 31))
    later = datetime(2029, 6, 1, 9, tzinfo=UTC)
    req = requirement(dps, start_on=date(2029, 7, 1))
    call_off = draft(dps, req, now=later)
    publish(call_off, dps, req, [candidate()], now=later)
    assert call_off.terms is not None and call_off.terms.regime == "pcr2015_light_touch"


# --- R5 and R19: every eligible member invited, nobody else ------------------------------------


def test_invitation_list_is_every_eligible_member_and_nobody_else():
    lot = LotSummary(lot_id=f.uuid4(), code="SL", title="Supported living",
                     cqc_registration_required=True)
    dps = known_dps(lots=[lot])
    eligible = [candidate(n=1), candidate(n=2, capacity=3), candidate(n=3, areas=("ST16", "WS11"))]
    not_eligible = [
        candidate(n=4, areas=("WS11",)),            # does not serve ST16
        candidate(n=5, cqc=None),                   # not CQC-registered, lot requires it
        candidate(n=6, capacity=0),                 # declared no capacity
        candidate(n=7, status=MemberStatus.SUSPENDED),
    ]
    req = requirement(dps)
    call_off = draft(dps, req)
    invitations = publish(call_off, dps, req, eligible + not_eligible)
    assert [i.provider_id for i in invitations] == [c.provider_id for c in eligible]
    events = call_off.pending_events
    assert isinstance(events[0], CallOffPublished) and events[0].invitee_count == 3
    assert [e.provider_id for e in events[1:]] == [c.provider_id for c in eligible]
    assert all(isinstance(e, InvitationIssued) for e in events[1:])
    assert len({e.id for e in events}) == len(events)  # each its own event, its own id


def test_suspended_provider_is_absent_from_the_next_invitation_list():
    dps = known_dps()
    suspended = candidate(n=1, status=MemberStatus.SUSPENDED)
    req = requirement(dps)
    call_off = draft(dps, req)
    invited = publish(call_off, dps, req, [suspended, candidate(n=2)])
    assert suspended.provider_id not in {i.provider_id for i in invited}


def test_remote_delivery_lot_invites_members_whatever_area_they_serve():
    lot = LotSummary(lot_id=f.uuid4(), code="1a", title="Everyday life",
                     remote_delivery_allowed=True)
    dps = known_dps("pcr2015_light_touch", lots=[lot])
    req = requirement(dps)
    call_off = draft(dps, req)
    invited = publish(call_off, dps, req, [candidate(areas=("CT1",)), candidate(areas=())])
    assert len(invited) == 2


def test_removing_an_eligible_member_fails_without_a_recorded_reason():
    dps = known_dps()
    a, b = candidate(n=1), candidate(n=2)
    req = requirement(dps)
    call_off = draft(dps, req)
    with pytest.raises(e.OmissionNeedsReason):
        publish(call_off, dps, req, [a, b], omissions={b.provider_id: "   "})
    assert call_off.status is CallOffStatus.DRAFT and not call_off.pending_events
    invited = publish(call_off, dps, req, [a, b],
                      omissions={b.provider_id: "Conflict of interest: the incumbent's parent"})
    assert [i.provider_id for i in invited] == [a.provider_id]
    assert [o.provider_id for o in call_off.omitted] == [b.provider_id]
    assert call_off.pending_events[0].omitted[0].reason.startswith("Conflict of interest")


def test_only_an_eligible_member_can_be_left_out():
    dps = known_dps()
    req = requirement(dps)
    call_off = draft(dps, req)
    with pytest.raises(e.OmittedProviderNotEligible):
        publish(call_off, dps, req, [candidate()], omissions={f.uuid4(): "not a member"})


def test_a_call_off_with_no_eligible_member_is_refused():
    dps = known_dps()
    req = requirement(dps)
    call_off = draft(dps, req)
    with pytest.raises(e.NoEligibleProvider):
        publish(call_off, dps, req, [candidate(areas=("WS11",))])


def test_direct_award_names_one_eligible_member_and_invites_only_it():
    dps = known_dps("pcr2015_light_touch")
    chosen, other = candidate(n=1), candidate(n=2)
    req = requirement(dps)
    call_off = draft(dps, req, kind=CallOffKind.DIRECT_AWARD,
                     direct_award_provider_id=chosen.provider_id,
                     justification="Continuity of care: the person's current provider.")
    invited = publish(call_off, dps, req, [chosen, other])
    assert [i.provider_id for i in invited] == [chosen.provider_id]
    published = call_off.pending_events[0]
    assert published.direct_award_provider_id == chosen.provider_id
    assert "Continuity" in published.direct_award_justification


def test_direct_award_needs_a_justification_and_an_eligible_member():
    dps = known_dps("pcr2015_light_touch")
    with pytest.raises(e.DirectAwardIncomplete):
        draft(dps, kind=CallOffKind.DIRECT_AWARD, direct_award_provider_id=f.uuid4())
    req = requirement(dps)
    call_off = draft(dps, req, kind=CallOffKind.DIRECT_AWARD, direct_award_provider_id=f.uuid4(),
                     justification="The person's choice.")
    with pytest.raises(e.DirectAwardProviderNotEligible):
        publish(call_off, dps, req, [candidate()])


def test_pcr_dps_call_off_cannot_be_a_direct_award():
    dps = known_dps("pcr2015_dps")
    with pytest.raises(e.DirectAwardNotAllowed):
        draft(dps, kind=CallOffKind.DIRECT_AWARD, direct_award_provider_id=f.uuid4(),
              justification="Continuity of care.")


# --- R6: response periods per regime -----------------------------------------------------------


def test_pcr_dps_rejects_response_period_under_10_days():
    dps = known_dps("pcr2015_dps")
    req = requirement(dps)
    call_off = draft(dps, req, deadline=NOW + timedelta(days=9))
    with pytest.raises(e.ResponsePeriodTooShort):
        publish(call_off, dps, req, [candidate(), candidate()])
    assert call_off.status is CallOffStatus.DRAFT and not call_off.pending_events


def test_pcr_dps_accepts_a_10_day_period():
    dps = known_dps("pcr2015_dps")
    req = requirement(dps)
    call_off = draft(dps, req, deadline=NOW + timedelta(days=10))
    publish(call_off, dps, req, [candidate()])
    assert call_off.status is CallOffStatus.PUBLISHED and not call_off.short_period


def test_pcr_dps_shorter_period_needs_the_consent_of_every_invitee():
    dps = known_dps("pcr2015_dps")
    a, b = candidate(n=1), candidate(n=2)
    req = requirement(dps)
    call_off = draft(dps, req, deadline=NOW + timedelta(days=3))
    with pytest.raises(e.ResponsePeriodTooShort) as refused:
        publish(call_off, dps, req, [a, b], consents={a.provider_id})
    assert refused.value.details["without_consent"] == 1
    publish(call_off, dps, req, [a, b], consents={a.provider_id, b.provider_id})
    assert call_off.status is CallOffStatus.PUBLISHED and call_off.short_period


def test_light_touch_call_off_takes_the_councils_setting_in_hours():
    dps = known_dps("pcr2015_light_touch")
    req = requirement(dps)
    urgent = draft(dps, req, deadline=NOW + timedelta(hours=4))
    with pytest.raises(e.ResponsePeriodTooShort):
        publish(urgent, dps, req, [candidate()], council_min_hours=6)
    publish(urgent, dps, req, [candidate()], council_min_hours=2)
    assert urgent.status is CallOffStatus.PUBLISHED


def test_a_deadline_already_past_is_refused():
    dps = known_dps("pcr2015_light_touch")
    req = requirement(dps)
    call_off = draft(dps, req, deadline=NOW + timedelta(hours=1))
    with pytest.raises(e.ResponseDeadlinePassed):
        publish(call_off, dps, req, [candidate()], now=NOW + timedelta(hours=2))


# --- R7: criteria refined from the DPS's catalogue ------------------------------------------------


def test_adding_a_criterion_not_in_the_parent_fails():
    dps = known_dps()
    with pytest.raises(e.CriterionNotInCatalogue):
        draft(dps, criteria=(("quality", "50"), ("cost", "30"), ("innovation", "20")))


def test_weights_outside_the_catalogue_ranges_fail():
    dps = known_dps()
    with pytest.raises(e.WeightOutOfRange):
        draft(dps, criteria=(("quality", "85"), ("cost", "15")))
    with pytest.raises(e.WeightOutOfRange):  # quality left out weighs 0, below its 40%
        draft(dps, criteria=(("cost", "60"), ("social_value", "20")))


def test_weights_must_sum_to_100():
    dps = known_dps()
    with pytest.raises(e.WeightsDoNotSumTo100):
        draft(dps, criteria=(("quality", "60"), ("cost", "30")))


def test_a_criterion_is_chosen_once():
    dps = known_dps()
    with pytest.raises(e.CriterionListedTwice):
        draft(dps, criteria=(("quality", "40"), ("quality", "30"), ("cost", "30")))


def test_price_is_locked_when_the_council_fixes_the_rate():
    dps = known_dps("pcr2015_light_touch")
    rates = fixed(("support", "hour", "14.75"), ("sleep_in", "night", "87"))
    with pytest.raises(e.PriceLockedAtFixedRate):
        draft(dps, pricing_mode=PricingMode.FIXED_RATE, fixed_rates=rates)
    call_off = draft(dps, pricing_mode=PricingMode.FIXED_RATE, fixed_rates=rates,
                     criteria=(("quality", "80"), ("social_value", "20")))
    assert call_off.pricing_mode is PricingMode.FIXED_RATE


def test_sefton_95_5_quality_and_social_value_at_a_fixed_rate():
    dps = known_dps("pcr2015_light_touch", criteria=[
        f.CriterionSummary(code="quality", name="Quality", kind="quality",
                           min_weight=Decimal(90), max_weight=Decimal(95)),
        f.CriterionSummary(code="social_value", name="Social value", kind="social_value",
                           min_weight=Decimal(5), max_weight=Decimal(10)),
    ])
    req = requirement(dps)
    call_off = draft(dps, req, pricing_mode=PricingMode.FIXED_RATE,
                     fixed_rates=fixed(("support", "hour", "14.50"), ("sleep_in", "night", "80")),
                     criteria=(("quality", "95"), ("social_value", "5")))
    publish(call_off, dps, req, [candidate()])
    assert [(c.code, c.weight) for c in call_off.terms.criteria] == [
        ("quality", Decimal(95)), ("social_value", Decimal(5))]


def test_fixed_rates_cover_every_element_of_the_volumes():
    dps = known_dps("pcr2015_light_touch")
    with pytest.raises(e.FixedRatesDoNotMatchVolumes):
        draft(dps, pricing_mode=PricingMode.FIXED_RATE,
              fixed_rates=fixed(("support", "hour", "14.75")),
              criteria=(("quality", "80"), ("social_value", "20")))


def test_a_price_competed_call_off_weighs_cost():
    dps = known_dps(criteria=f.catalogue(cost=("0", "60")))
    with pytest.raises(e.CostCriterionRequired):
        draft(dps, criteria=(("quality", "80"), ("social_value", "20")))


# --- R11: whole-life value against the threshold in force on publication ------------------------


def test_2_to_1_around_the_clock_package_over_5_years_is_flagged_above_threshold():
    dps = known_dps()
    req = requirement(dps, volumes=[Volume("support", Unit.HOUR, None, Decimal(336))],
                      initial_term_months=36, extension_months=[12, 12])
    call_off = draft(dps, req)
    publish(call_off, dps, req, [candidate()])
    terms = call_off.terms
    # 336 h x £14.75 (reference maximum) x 52.14 weeks x 5 years
    assert terms.whole_life_value == Decimal("1292029.20")
    assert terms.annual_value == Decimal("258405.84")
    assert terms.threshold == Decimal("663540") and terms.above_threshold is True


def test_1_to_1_40_hours_a_week_is_not_flagged():
    dps = known_dps()
    req = requirement(dps, volumes=[Volume("support", Unit.HOUR, None, Decimal(40))],
                      initial_term_months=36, extension_months=[12, 12])
    call_off = draft(dps, req)
    publish(call_off, dps, req, [candidate()])
    assert call_off.terms.whole_life_value == Decimal("153813.00")
    assert call_off.terms.above_threshold is False


def test_fixed_rate_call_off_is_valued_at_the_councils_rates():
    dps = known_dps("pcr2015_light_touch")
    req = requirement(dps, volumes=[Volume("support", Unit.HOUR, None, Decimal(40))],
                      initial_term_months=24, extension_months=[])
    call_off = draft(dps, req, pricing_mode=PricingMode.FIXED_RATE,
                     fixed_rates=fixed(("support", "hour", "14.00")),
                     criteria=(("quality", "80"), ("social_value", "20")))
    publish(call_off, dps, req, [candidate()])
    assert call_off.terms.whole_life_value == Decimal("58396.80")  # 40 x 14 x 52.14 x 2
    assert call_off.terms.fixed_rates[0].amount == Decimal("14.00")


def test_price_competed_call_off_needs_a_reference_rate_for_each_element():
    dps = known_dps()
    req = requirement(dps, volumes=[Volume("transport", Unit.DAY, None, Decimal(5))])
    call_off = draft(dps, req)
    with pytest.raises(e.NoReferenceRate):
        publish(call_off, dps, req, [candidate()])


def test_terms_carry_the_reference_rates_and_price_checks_of_the_lot_on_publication():
    dps = known_dps()
    req = requirement(dps)
    call_off = draft(dps, req)
    publish(call_off, dps, req, [candidate()])
    terms = call_off.terms
    assert [(r.element, r.min_amount, r.max_amount) for r in terms.reference_rates] == [
        ("support", Decimal("13.60"), Decimal("14.75")),
        ("sleep_in", Decimal("78.00"), Decimal("87.00")),
    ]
    assert terms.compliance.abnormally_low_share == Decimal("0.8")
    assert terms.compliance.price_above_reference == "non_compliant"
    assert [(s.buyer, s.share_percent) for s in terms.funding_shares] == [
        ("Staffordshire County Council", Decimal(100))]
    assert terms.rules_effective_from == date(2015, 2, 26)


# --- R12: a dynamic market may not restrict a below-threshold call-off to members -----------------


def test_dynamic_market_call_off_below_threshold_is_refused_with_the_reason():
    dps = known_dps("pa2023_dynamic_market")
    req = requirement(dps, volumes=[Volume("support", Unit.HOUR, None, Decimal(40))])
    call_off = draft(dps, req)
    with pytest.raises(e.BelowThresholdDynamicMarket) as refused:
        publish(call_off, dps, req, [candidate()])
    assert "s.85" in refused.value.message
    assert call_off.status is CallOffStatus.DRAFT


def test_dynamic_market_call_off_above_threshold_goes_out():
    dps = known_dps("pa2023_dynamic_market")
    req = requirement(dps, volumes=[Volume("support", Unit.HOUR, None, Decimal(336))])
    call_off = draft(dps, req)
    publish(call_off, dps, req, [candidate()])
    assert call_off.status is CallOffStatus.PUBLISHED


# --- R20: each call-off is tagged with its funding route -----------------------------------------


@pytest.mark.parametrize(
    "route", ["council_arranged", "individual_service_fund", "direct_payment", "user_choice"]
)
def test_call_off_terms_are_tagged_with_the_funding_route(route):
    dps = known_dps()
    req = requirement(dps, funding_route=route)
    call_off = draft(dps, req)
    publish(call_off, dps, req, [candidate()])
    assert call_off.terms.funding_route == route
