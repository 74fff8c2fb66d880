"""The contracts service's named errors. Each ``code`` is stable: clients switch on it."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from shared.actors import RoleNotPermitted  # noqa: F401  (named with the service's errors)
from shared.errors import NotFound, NotPermitted, RuleBroken, StateConflict

# --- not found -------------------------------------------------------------------------


class RecordNotFound(NotFound):
    """A record looked up by id. ``of(id)`` says so alike whether the record does not exist
    or the caller may not know of it (another provider's)."""

    noun: ClassVar[str] = "record"

    @classmethod
    def of(cls, id: UUID) -> RecordNotFound:
        key = cls.noun.lower().replace(" ", "_").replace("-", "_") + "_id"
        return cls(f"There is no {cls.noun} {id}.", **{key: str(id)})


class AwardNotFound(RecordNotFound):
    code = "award_not_found"
    noun = "award"


class ContractNotFound(RecordNotFound):
    code = "contract_not_found"
    noun = "contract"


class PlacementNotFound(RecordNotFound):
    code = "placement_not_found"
    noun = "placement"


class SchemeNotFound(RecordNotFound):
    code = "delegation_scheme_not_found"
    noun = "delegation scheme"


# --- the scheme of delegation ----------------------------------------------------------


class InvalidScheme(RuleBroken):
    code = "invalid_delegation_scheme"


class SchemeExists(StateConflict):
    code = "delegation_scheme_exists"


class NoDelegationScheme(RuleBroken):
    """A buyer of the award has no scheme of delegation: nobody's authority can be read."""

    code = "no_delegation_scheme"


class NoLevelCoversValue(RuleBroken):
    code = "no_level_covers_value"


class NoApprovalLimit(NotPermitted):
    code = "no_approval_limit"


class AboveApprovalLimit(NotPermitted):
    """The value is above the approver's delegated limit: it escalates to a higher level."""

    code = "above_approval_limit"


class OwnRecommendation(NotPermitted):
    code = "own_recommendation"


# --- awards ----------------------------------------------------------------------------


class AwardAlreadyApproved(StateConflict):
    code = "award_already_approved"


class RecommendationChanged(StateConflict):
    code = "recommendation_changed"


class AwardClosed(StateConflict):
    """The award has ended: a contract was made, or the call-off was unsuccessful."""

    code = "award_closed"


class StandstillNotOver(StateConflict):
    code = "standstill_not_over"


class AssessmentSummariesNotSent(StateConflict):
    code = "assessment_summaries_not_sent"


class OfferNotOpen(StateConflict):
    code = "offer_not_open"


class OfferExpired(StateConflict):
    code = "offer_expired"


class ProviderExcluded(StateConflict):
    """R9: the provider's membership of the lot is suspended or removed."""

    code = "provider_excluded"


class ValueOutOfRange(RuleBroken):
    code = "value_out_of_range"


# --- contracts -------------------------------------------------------------------------


class ReasonRequired(RuleBroken):
    code = "reason_required"


class ContractNotLive(StateConflict):
    code = "contract_not_live"


class ContractNotStarted(StateConflict):
    code = "contract_not_started"


class ContractTermOver(StateConflict):
    code = "contract_term_over"


class NoExtensionLeft(RuleBroken):
    code = "no_extension_left"


class VariationBeforeStart(RuleBroken):
    code = "variation_before_start"


class VariationAfterEnd(RuleBroken):
    code = "variation_after_end"


class VariationOutOfOrder(RuleBroken):
    code = "variation_out_of_order"


class VariationChangesNothing(RuleBroken):
    code = "variation_changes_nothing"


class UnpricedVolume(RuleBroken):
    """A volume line (hours, nights, days) with no rate to price it."""

    code = "unpriced_volume"


class InvalidTermination(RuleBroken):
    code = "invalid_termination_date"


class InvalidKpiPeriod(RuleBroken):
    code = "invalid_kpi_period"


class KpiOutsideContract(RuleBroken):
    code = "kpi_outside_contract"


# --- placements, budgets -----------------------------------------------------------------


class ImportRefused(RuleBroken):
    """At least one row of an import was refused: nothing was imported (all or nothing)."""

    code = "import_refused"


class DpsNotOpen(StateConflict):
    code = "dps_not_open"


class InvalidBudget(RuleBroken):
    code = "invalid_budget"


class UnknownBuyer(RuleBroken):
    code = "unknown_buyer"
