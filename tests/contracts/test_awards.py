"""The award's rules, in memory: the top-ranked compliant response is recommended; an
approver never approves its own recommendation, nor twice; a decline, a lapse or an
exclusion (R9) moves to the next ranked response, which needs approval again; nobody left
makes the call-off unsuccessful; nothing is signed before the standstill ends (R14) nor,
under the Procurement Act, before the assessment summaries are sent (R15)."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from services.contracts.domain import errors as e
from services.contracts.domain.awards.award import AwardStatus
from services.contracts.domain.awards.candidates import CandidateStatus
from services.contracts.domain.awards.signing import contract_of
from shared.actors import Actor, Role

from .award_support import APPROVER, approve, award_of, provider, subjects
from .factories import START, Bid, Evaluation, london, supported_living_terms


def three_bids(**terms: object) -> Evaluation:
    return Evaluation(supported_living_terms(**terms), [
        Bid("third-care", 3, "13.90"), Bid("first-care", 1, "14.20"),
        Bid("second-care", 2, "14.05"), Bid("failed-care", None, "16.00", compliant=False),
    ])


def test_the_top_ranked_compliant_response_is_recommended():
    award = award_of(three_bids())
    assert award.status is AwardStatus.RECOMMENDED
    assert award.current.provider_id == provider("first-care").provider_id
    assert [c.rank for c in award.candidates] == [1, 2, 3]  # the non-compliant is no candidate
    assert subjects(award) == ["AwardRecommended"]
    [recommended] = award.pending_events
    assert recommended.recommended_by == "evaluator-1"
    assert recommended.whole_life_value == Decimal("310128.00")


def test_no_compliant_response_makes_the_call_off_unsuccessful_with_its_reason():
    evaluation = Evaluation(supported_living_terms(), [Bid("only-care", None, compliant=False)])
    award = award_of(evaluation)
    assert award.status is AwardStatus.UNSUCCESSFUL
    [unsuccessful] = award.pending_events
    assert "No compliant response" in unsuccessful.reason


def test_an_approver_never_approves_a_recommendation_it_made():
    award = award_of(three_bids())
    evaluator = Actor("evaluator-1", Role.APPROVER, approval_limit=Decimal(10**7))
    with pytest.raises(e.OwnRecommendation):
        approve(award, by=evaluator)
    assert award.status is AwardStatus.RECOMMENDED


def test_approving_twice_is_refused():
    award = award_of(three_bids())
    approve(award)
    with pytest.raises(e.AwardAlreadyApproved):
        approve(award)


def test_only_an_approver_approves():
    with pytest.raises(e.RoleNotPermitted):
        approve(award_of(three_bids()), by=Actor("officer-1", Role.COMMISSIONER))


def test_decline_moves_the_award_to_the_next_ranked_response_which_needs_approval_again():
    award = award_of(three_bids())
    approve(award)
    assert award.status is AwardStatus.OFFERED
    award.decline(provider("first-care"), "no staff in ST16 until June", START, {})
    assert award.status is AwardStatus.RECOMMENDED
    assert award.current.provider_id == provider("second-care").provider_id
    assert award.approved_by is None and award.offer_expires_at is None
    with pytest.raises(e.AwardNotFound):  # not approved yet: not known to it
        award.accept(provider("second-care"), START, {})
    assert subjects(award)[-2:] == ["OfferDeclined", "AwardRecommended"]


def test_an_offer_not_answered_in_its_window_lapses_to_the_next_ranked_response():
    award = award_of(three_bids())
    approve(award)
    # Offered Monday 1 March 09:00: 5 working days, to the close of Monday 8 March.
    assert award.offer_expires_at == london(date(2027, 3, 8), time(23, 59, 59, 999999))
    award.tick(award.offer_expires_at, {})
    assert award.status is AwardStatus.OFFERED  # not yet
    award.tick(award.offer_expires_at + timedelta(microseconds=1), {})
    assert award.status is AwardStatus.RECOMMENDED
    assert award.current.provider_id == provider("second-care").provider_id
    declined = [x for x in award.pending_events if type(x).__name__ == "OfferDeclined"]
    assert declined[-1].timed_out is True


def test_a_provider_whose_membership_was_suspended_is_passed_over_R9():
    first = provider("first-care").provider_id
    award = award_of(three_bids(), exclusions={first: "membership of the lot suspended (R9)"})
    assert award.current.provider_id == provider("second-care").provider_id
    assert award.candidates[0].status is CandidateStatus.PASSED_OVER
    assert subjects(award) == ["CandidatePassedOver", "AwardRecommended"]


def test_a_provider_suspended_while_offered_is_passed_over_and_cannot_sign_R9():
    award = award_of(three_bids())
    approve(award)
    first = provider("first-care").provider_id
    reason = "membership of the lot suspended (safeguarding) (R9)"
    assert award.provider_excluded(first, reason, START, {first: reason})
    assert award.current.provider_id == provider("second-care").provider_id
    with pytest.raises(e.OfferNotOpen):
        award.accept(provider("first-care"), START, {first: reason})


def test_when_every_response_has_declined_the_call_off_is_unsuccessful():
    award = award_of(three_bids())
    for organisation in ("first-care", "second-care", "third-care"):
        approve(award)
        award.decline(provider(organisation), "cannot staff it", START, {})
    assert award.status is AwardStatus.UNSUCCESSFUL
    assert award.outcome_reason == "No compliant response is left to offer: 3 declined."


def test_signing_on_day_7_of_a_10_day_standstill_is_blocked():
    award = award_of(three_bids(above_threshold=True))
    approve(award)  # Monday 1 March 2027, 09:00: light touch above the threshold
    assert award.status is AwardStatus.APPROVED
    assert award.standstill_ends_at == london(date(2027, 3, 11), time(23, 59, 59, 999999))
    day_7 = london(date(2027, 3, 8), time(12))
    with pytest.raises(e.StandstillNotOver):
        award.accept(provider("first-care"), day_7, {})
    award.tick(day_7, {})
    assert award.status is AwardStatus.APPROVED
    award.tick(london(date(2027, 3, 12), time(0, 1)), {})
    assert award.status is AwardStatus.OFFERED
    award.accept(provider("first-care"), london(date(2027, 3, 12), time(10)), {})
    assert award.status is AwardStatus.AWARDED


def test_procurement_act_award_is_not_signed_before_assessment_summaries_are_sent_R15():
    evaluation = three_bids(regime="pa2023_dynamic_market", rules_effective_from=date(2025, 2, 24))
    award = award_of(evaluation)
    approve(award)  # no standstill chosen, but the summaries are not sent yet
    assert award.status is AwardStatus.APPROVED
    with pytest.raises(e.AssessmentSummariesNotSent):
        award.accept(provider("first-care"), START, {})
    award.summaries_sent(START + timedelta(hours=2), START + timedelta(hours=2), {})
    assert award.status is AwardStatus.OFFERED


def test_procurement_act_voluntary_standstill_runs_from_when_the_summaries_are_sent():
    evaluation = three_bids(regime="pa2023_dynamic_market", rules_effective_from=date(2025, 2, 24))
    award = award_of(evaluation)
    approve(award, voluntary=True)
    assert award.standstill_ends_at is None
    sent = london(date(2027, 3, 3), time(15))  # Wednesday
    award.summaries_sent(sent, sent, {})
    assert award.standstill_ends_at == london(date(2027, 3, 15), time(23, 59, 59, 999999))
    assert award.status is AwardStatus.APPROVED


def test_an_unpriced_response_is_approved_on_the_call_offs_whole_life_value():
    evaluation = Evaluation(supported_living_terms(pricing_mode="fixed_rate"),
                            [Bid("first-care", 1, priced=False)])
    award = award_of(evaluation)
    assert award.value_of(award.current) == Decimal("322140.00")


def test_the_contract_starts_on_the_day_it_is_signed_if_the_start_date_has_passed():
    award = award_of(three_bids())
    approve(award)
    late = london(date(2027, 4, 6), time(10))
    award.offer_expires_at = late + timedelta(days=1)
    candidate = award.accept(provider("first-care"), late, {})
    contract = contract_of(award, candidate, "First Care Ltd", late)
    assert contract.start_on == date(2027, 4, 6)
    assert award.contract_id == contract.id
    assert APPROVER.approval_limit  # (the approver acted within its limit)
