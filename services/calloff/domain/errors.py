"""Every error the call-off domain raises on purpose, each with a stable ``code``.

Grouped by the family that sets the HTTP status (``shared.errors``): ``RuleBroken`` 422,
``StateConflict`` 409, ``NotFound`` 404 (a role not allowed is ``shared.actors``'
``RoleNotPermitted``, 403). No message or detail ever
carries the person's identity: the checks that involve it say which field, never its value.
"""

from __future__ import annotations

from shared.errors import NotFound, RuleBroken, StateConflict

# --- not found (also what a provider is told of another provider's record) ----------------


class RequirementNotFound(NotFound):
    code = "requirement_not_found"


class CallOffNotFound(NotFound):
    code = "call_off_not_found"


class ResponseNotFound(NotFound):
    code = "response_not_found"


class ClarificationNotFound(NotFound):
    code = "clarification_not_found"


class PersonNotFound(NotFound):
    code = "person_not_found"


# --- the requirement and the person -----------------------------------------------------------


class UnknownDps(RuleBroken):
    code = "unknown_dps"


class UnknownLot(RuleBroken):
    code = "unknown_lot"


class InvalidPostcodeDistrict(RuleBroken):
    code = "invalid_postcode_district"


class InvalidVolume(RuleBroken):
    code = "invalid_volume"


class InvalidTerm(RuleBroken):
    code = "invalid_term"


class StartDatePassed(RuleBroken):
    code = "start_date_passed"


class RequirementIncomplete(RuleBroken):
    code = "requirement_incomplete"


class InvalidPerson(RuleBroken):
    code = "invalid_person"


class InvalidNhsNumber(RuleBroken):
    code = "invalid_nhs_number"


class InvalidPostcode(RuleBroken):
    code = "invalid_postcode"


class AdvertisedDetailsDisagree(RuleBroken):
    code = "advertised_details_disagree"


class IdentityInAdvertisedText(RuleBroken):
    code = "identity_in_advertised_text"


class RequirementInUse(StateConflict):
    code = "requirement_in_use"


# --- drafting and publishing a call-off -------------------------------------------------------


class CriterionNotInCatalogue(RuleBroken):
    code = "criterion_not_in_catalogue"


class CriterionListedTwice(RuleBroken):
    code = "criterion_listed_twice"


class WeightOutOfRange(RuleBroken):
    code = "weight_out_of_range"


class WeightsDoNotSumTo100(RuleBroken):
    code = "weights_do_not_sum_to_100"


class CriteriaRequired(RuleBroken):
    code = "criteria_required"


class CostCriterionRequired(RuleBroken):
    code = "cost_criterion_required"


class PriceLockedAtFixedRate(RuleBroken):
    code = "price_locked_at_fixed_rate"


class FixedRatesDoNotMatchVolumes(RuleBroken):
    code = "fixed_rates_do_not_match_volumes"


class FixedRatesOnlyWhenFixed(RuleBroken):
    code = "fixed_rates_only_when_fixed"


class NoReferenceRate(RuleBroken):
    code = "no_reference_rate"


class InvalidFundingShares(RuleBroken):
    code = "invalid_funding_shares"


class DirectAwardNotAllowed(RuleBroken):
    code = "direct_award_not_allowed"


class DirectAwardIncomplete(RuleBroken):
    code = "direct_award_incomplete"


class DirectAwardProviderNotEligible(RuleBroken):
    code = "direct_award_provider_not_eligible"


class DpsNotOpen(StateConflict):
    code = "dps_not_open"


class DpsRegimeEnded(RuleBroken):
    code = "dps_regime_ended"


class ResponsePeriodTooShort(RuleBroken):
    code = "response_period_too_short"


class ResponseDeadlinePassed(RuleBroken):
    code = "response_deadline_passed"


class OmissionNeedsReason(RuleBroken):
    code = "omission_needs_reason"


class OmittedProviderNotEligible(RuleBroken):
    code = "omitted_provider_not_eligible"


class NoEligibleProvider(RuleBroken):
    code = "no_eligible_provider"


class BelowThresholdDynamicMarket(RuleBroken):
    code = "below_threshold_dynamic_market"


class RequirementAlreadyOut(StateConflict):
    code = "requirement_already_out"


# --- the call-off's life ------------------------------------------------------------------------


class CallOffNotDraft(StateConflict):
    code = "call_off_not_draft"


class CallOffNotPublished(StateConflict):
    code = "call_off_not_published"


class CallOffNotOpenForResponses(StateConflict):
    code = "call_off_not_open_for_responses"


class CannotCancel(StateConflict):
    code = "call_off_cannot_be_cancelled"


class CannotCloseEarly(StateConflict):
    code = "call_off_cannot_close_early"


class CannotRepublish(StateConflict):
    code = "call_off_cannot_be_republished"


class OutcomeConflict(StateConflict):
    code = "call_off_outcome_conflict"


class ReasonRequired(RuleBroken):
    code = "reason_required"


# --- invitees: responses, declines, clarifications ----------------------------------------------


class NotInvited(RuleBroken):
    code = "not_invited"


class DeadlinePassed(RuleBroken):
    code = "deadline_passed"


class MemberNotActive(RuleBroken):
    code = "member_not_active"


class ResponseAlreadySubmitted(StateConflict):
    code = "response_already_submitted"


class ResponseWithdrawnAlready(StateConflict):
    code = "response_withdrawn"


class WithdrawBeforeDeclining(StateConflict):
    code = "withdraw_before_declining"


class ResponseLimitReached(StateConflict):
    code = "response_limit_reached"


class IncompleteResponse(RuleBroken):
    code = "incomplete_response"


class PriceNotAllowed(RuleBroken):
    code = "price_not_allowed"


class FixedRateNotAccepted(RuleBroken):
    code = "fixed_rate_not_accepted"


class PricesDoNotMatchVolumes(RuleBroken):
    code = "prices_do_not_match_volumes"


class TooManyQuestions(StateConflict):
    code = "too_many_questions"


class AlreadyAnswered(StateConflict):
    code = "clarification_already_answered"


class AnswersTooLong(RuleBroken):
    code = "answers_too_long"


class CallOffNotDue(StateConflict):
    code = "call_off_not_due"


class UnknownRequirement(RuleBroken):
    code = "unknown_requirement"
