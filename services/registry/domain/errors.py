"""The registry's named errors. Each ``code`` is stable: clients and problem documents key on it."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from shared.actors import RoleNotPermitted  # noqa: F401  (named with the registry's errors)
from shared.errors import NotFound, RuleBroken, StateConflict

# --- not found -------------------------------------------------------------------------


class RecordNotFound(NotFound):
    """A record looked up by id. ``of(id)`` is the one way to say so, whether the record does
    not exist or the caller may not know of it (another provider's), so both read alike."""

    noun: ClassVar[str] = "record"

    @classmethod
    def of(cls, id: UUID) -> RecordNotFound:
        key = cls.noun.lower().replace(" ", "_") + "_id"
        return cls(f"There is no {cls.noun} {id}.", **{key: str(id)})


class DpsNotFound(RecordNotFound):
    code = "dps_not_found"
    noun = "DPS"


class ProviderNotFound(RecordNotFound):
    code = "provider_not_found"
    noun = "provider"

    @classmethod
    def of(cls, id: UUID) -> RecordNotFound:
        return cls(
            f"There is no provider {id}: register the organisation first (POST /providers).",
            provider_id=str(id),
        )


class ApplicationNotFound(RecordNotFound):
    code = "application_not_found"
    noun = "application"


class MembershipNotFound(RecordNotFound):
    code = "membership_not_found"
    noun = "membership"


class ContactNotFound(NotFound):
    code = "contact_not_found"


class LotNotFound(NotFound):
    code = "lot_not_found"


class WindowNotFound(NotFound):
    code = "reopening_window_not_found"


class QuestionNotFound(NotFound):
    code = "question_not_found"


class RedeclarationNotFound(NotFound):
    code = "redeclaration_not_found"


# --- rules broken ----------------------------------------------------------------------


class ClosedLotNotAllowed(RuleBroken):
    code = "closed_lot_not_allowed"


class TermBeyondRegime(RuleBroken):
    code = "term_beyond_regime"


class InvalidTerm(RuleBroken):
    code = "invalid_term"


class FeesNotAllowed(RuleBroken):
    code = "fees_not_allowed"


class InvalidFee(RuleBroken):
    code = "invalid_fee"


class DecisionServiceLevelRequired(RuleBroken):
    code = "decision_service_level_required"


class InvalidRate(RuleBroken):
    code = "invalid_rate"


class RateMinAboveMax(InvalidRate):
    code = "rate_min_above_max"


class RateCardOverlap(RuleBroken):
    code = "rate_card_overlap"


class InvalidWeightRange(RuleBroken):
    code = "invalid_weight_range"


class CriteriaCatalogueFixed(RuleBroken):
    code = "criteria_catalogue_fixed"


class InvalidWindow(RuleBroken):
    code = "invalid_reopening_window"


class ClosedLotCannotReopen(RuleBroken):
    code = "closed_lot_cannot_reopen"


class DpsHasNoLots(RuleBroken):
    code = "dps_has_no_lots"


class NoExtensionLeft(RuleBroken):
    code = "no_extension_left"


class TermEnded(RuleBroken):
    code = "term_ended"


class ReasonRequired(RuleBroken):
    code = "reason_required"


class InvalidPostcodeDistrict(RuleBroken):
    code = "invalid_postcode_district"


class InvalidCompaniesHouseNumber(RuleBroken):
    code = "invalid_companies_house_number"


class InvalidCqcProviderId(RuleBroken):
    code = "invalid_cqc_provider_id"


class InvalidProvider(RuleBroken):
    code = "invalid_provider"


class InvalidCapacity(RuleBroken):
    code = "invalid_capacity"


class InvalidDocument(RuleBroken):
    code = "invalid_document"


class ClosedLotWindowPassed(RuleBroken):
    code = "closed_lot_window_passed"


class OutsideReopeningWindow(RuleBroken):
    code = "outside_reopening_window"


class LotNotAdmitting(RuleBroken):
    code = "lot_not_admitting"


class CqcRegistrationRequired(RuleBroken):
    code = "cqc_registration_required"


class ApplicantDoesNotQualify(RuleBroken):
    code = "applicant_does_not_qualify"


class DecisionExtensionNotAvailable(RuleBroken):
    code = "decision_extension_not_available"


class EmptyApplication(RuleBroken):
    code = "empty_application"


class ApplicationIncomplete(RuleBroken):
    code = "application_incomplete"


class LotListedTwice(RuleBroken):
    code = "lot_listed_twice"


class DateOutOfRange(RuleBroken):
    code = "date_out_of_range"


# --- state conflicts -------------------------------------------------------------------


class DpsNotOpen(StateConflict):
    code = "dps_not_open"


class DpsNotEditable(StateConflict):
    code = "dps_not_editable"


class InvalidDpsTransition(StateConflict):
    code = "invalid_dps_transition"


class TermNotEnded(StateConflict):
    code = "term_not_ended"


class DuplicateLotCode(StateConflict):
    code = "duplicate_lot_code"


class DuplicateCriterion(StateConflict):
    code = "duplicate_criterion"


class SecondLiveApplication(StateConflict):
    code = "second_live_application"


class AlreadyMember(StateConflict):
    code = "already_member"


class ApplicationAlreadyDecided(StateConflict):
    code = "application_already_decided"


class ApplicationNotLive(StateConflict):
    code = "application_not_live"


class DecisionAlreadyExtended(StateConflict):
    code = "decision_already_extended"


class DecisionExtensionTooLate(StateConflict):
    code = "decision_extension_too_late"


class MembershipRemoved(StateConflict):
    code = "membership_removed"


class MembershipNotActive(StateConflict):
    code = "membership_not_active"


class MembershipNotSuspended(StateConflict):
    code = "membership_not_suspended"


class RedeclarationAlreadyRequested(StateConflict):
    code = "redeclaration_already_requested"


class ProviderAlreadyRegistered(StateConflict):
    code = "provider_already_registered"
