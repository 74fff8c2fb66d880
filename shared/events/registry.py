"""Integration events published by the registry service (``dps.registry.*``).

They tell the other services who may be invited to a call-off and awarded a contract. They
carry organisation names but no personal data: contacts stay in the registry, and a
``decided_by`` is the opaque user id from the gateway, never a name or an e-mail address.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from shared.events.base import Event

# Bounds keep every event well under the broker's payload limit by construction (the unit
# of work also refuses an oversized event at commit): strings as long as the registry's
# columns, lists as long as a DPS can sensibly have. Items of a list are bounded by a
# validator, so the published schema of each item stays as it was.
MAX_LOTS = 100
MAX_BUYERS = 20
MAX_DISTRICTS = 3000
MAX_REASONS = 20
MAX_CRITERIA = 30
MAX_RATES = 50
NAME = 300
REASON = 1000


def _each_at_most(limit: int):  # type: ignore[no-untyped-def]
    def check(items: list[str]) -> list[str]:
        for item in items:
            if len(item) > limit:
                raise ValueError(f"each item must have at most {limit} characters")
        return items

    return AfterValidator(check)


Names = Annotated[list[str], _each_at_most(NAME)]
Districts = Annotated[list[str], _each_at_most(8)]
Reasons = Annotated[list[str], _each_at_most(REASON)]


class LotSummary(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    lot_id: UUID
    code: str = Field(max_length=40)
    title: str = Field(max_length=NAME)
    admission_open: bool = True
    closed_lot: bool = False
    cqc_registration_required: bool = False
    remote_delivery_allowed: bool = False


class CriterionSummary(BaseModel):
    """An award criterion of the DPS's catalogue: call-offs choose from these, weighting each
    inside its range (percent), and may add none of their own."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(max_length=40)
    name: str = Field(max_length=NAME)
    kind: Literal["quality", "cost", "social_value"]
    min_weight: Decimal = Field(ge=0, le=100)
    max_weight: Decimal = Field(ge=0, le=100)


class PriceCompliance(BaseModel):
    """How a call-off's prices are checked against the lot's reference rates (a DPS setting)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    price_above_reference: Literal["non_compliant", "flag"] = Field(
        default="non_compliant",
        description="A price above the reference maximum: non-compliant, or only flagged.",
    )
    abnormally_low_percent: int = Field(
        default=80, ge=0, le=100,
        description="A price below this percent of the reference minimum is flagged as"
        " abnormally low, for clarification.",
    )


class RateSummary(BaseModel):
    """One reference rate: what is paid per unit for an element (and band), a range or fixed."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    element: str = Field(max_length=100)
    unit: Literal["hour", "night", "day", "week"]
    band: str | None = Field(default=None, max_length=100)
    min_amount: Decimal = Field(ge=0, le=Decimal("9999999999.99"))
    max_amount: Decimal = Field(ge=0, le=Decimal("9999999999.99"))


class DpsOpened(Event):
    """A DPS is open: providers may apply to its lots and call-offs may be run under it."""

    subject_name = "dps.registry.dps_opened.v1"

    dps_id: UUID
    name: str = Field(max_length=NAME)
    regime: str = Field(max_length=40)
    rules_effective_from: date | None = Field(
        default=None,
        description="The regime's rule set this DPS keeps for life: the one that took effect"
        " on this date (shared.regimes.rules_effective_from), so consumers apply the same law.",
    )
    service_category: str = Field(max_length=100)
    buyer_organisations: Names = Field(min_length=1, max_length=MAX_BUYERS)
    starts_on: date
    initial_term_ends_on: date
    latest_end_on: date
    lots: list[LotSummary] = Field(default_factory=list, max_length=MAX_LOTS)
    current_end_on: date | None = None
    criteria: list[CriterionSummary] = Field(
        default_factory=list, max_length=MAX_CRITERIA,
        description="The award-criteria catalogue, fixed from opening: call-offs refine it.",
    )
    price_compliance: PriceCompliance = Field(default_factory=PriceCompliance)


class DpsChanged(Event):
    """An open DPS changed (lot added, rate card, extension taken ...); the lots as they now are."""

    subject_name = "dps.registry.dps_changed.v1"

    dps_id: UUID
    change: str = Field(
        max_length=60, description="What changed, e.g. lot_added, rate_card_added."
    )
    name: str = Field(max_length=NAME)
    current_end_on: date
    lots: list[LotSummary] = Field(default_factory=list, max_length=MAX_LOTS)


class RateCardAdded(Event):
    """A lot's reference rates from ``effective_from`` (to ``effective_to``; None: open-ended).
    Published for each card when the DPS opens, then for each card added while it is open."""

    subject_name = "dps.registry.rate_card_added.v1"

    dps_id: UUID
    lot_id: UUID
    rate_card_id: UUID
    effective_from: date
    effective_to: date | None = None
    rates: list[RateSummary] = Field(min_length=1, max_length=MAX_RATES)


class DpsClosed(Event):
    """A DPS stopped: closed by the council, or expired at the end of its term. No new call-offs."""

    subject_name = "dps.registry.dps_closed.v1"

    dps_id: UUID
    outcome: str = Field(max_length=20, description="closed or expired")
    reason: str = Field(max_length=REASON)


class LotOpened(Event):
    """A lot admits providers (it was added to an open DPS, or its admissions resumed)."""

    subject_name = "dps.registry.lot_opened.v1"

    dps_id: UUID
    lot: LotSummary


class LotClosed(Event):
    """A lot stopped admitting providers. Existing members stay members."""

    subject_name = "dps.registry.lot_closed.v1"

    dps_id: UUID
    lot_id: UUID
    code: str = Field(max_length=40)
    reason: str = Field(max_length=REASON)


class ReopeningWindowOpened(Event):
    """A reopening window began: providers may apply to the named lots until it closes."""

    subject_name = "dps.registry.reopening_window_opened.v1"

    dps_id: UUID
    window_id: UUID
    lot_ids: list[UUID] = Field(max_length=MAX_LOTS)
    opens_at: AwareDatetime
    closes_at: AwareDatetime


class ReopeningWindowClosed(Event):
    """A reopening window ended (at its planned time, or early with a reason)."""

    subject_name = "dps.registry.reopening_window_closed.v1"

    dps_id: UUID
    window_id: UUID
    lot_ids: list[UUID] = Field(max_length=MAX_LOTS)
    closed_at: AwareDatetime
    reason: str = Field(default="", max_length=REASON)


class ApplicationSubmitted(Event):
    """A provider applied to join one or more lots; a decision is due by ``decision_due_at``."""

    subject_name = "dps.registry.application_submitted.v1"

    application_id: UUID
    dps_id: UUID
    provider_id: UUID
    provider_name: str = Field(max_length=NAME)
    lot_ids: list[UUID] = Field(min_length=1, max_length=MAX_LOTS)
    decision_due_at: AwareDatetime


class ProviderAdmitted(Event):
    """A provider became a member of a lot: from now on it may be invited to its call-offs."""

    subject_name = "dps.registry.provider_admitted.v1"

    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    membership_id: UUID
    application_id: UUID
    provider_name: str = Field(max_length=NAME)
    areas_served: Districts = Field(
        default_factory=list, max_length=MAX_DISTRICTS, description="Postcode districts."
    )
    capacity: int | None = Field(default=None, description="New packages it can take on.")
    cqc_provider_id: str | None = Field(default=None, max_length=20)
    decided_by: str = Field(max_length=200)


class ApplicationRejected(Event):
    """An application was refused for the lots named, with the reasons given to the provider."""

    subject_name = "dps.registry.application_rejected.v1"

    application_id: UUID
    dps_id: UUID
    provider_id: UUID
    lot_ids: list[UUID] = Field(max_length=MAX_LOTS)
    reasons: Reasons = Field(min_length=1, max_length=MAX_REASONS)
    decided_by: str = Field(max_length=200)


class ApplicationWithdrawn(Event):
    """The provider withdrew its application before a decision."""

    subject_name = "dps.registry.application_withdrawn.v1"

    application_id: UUID
    dps_id: UUID
    provider_id: UUID


class MembershipSuspended(Event):
    """A member may not be invited; its responses to open call-offs stop counting."""

    subject_name = "dps.registry.membership_suspended.v1"

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    reason_code: str = Field(
        max_length=60,
        description="safeguarding, expired_document, missed_redeclaration or exclusion_ground",
    )


class MembershipReinstated(Event):
    """A suspended member is active again and may be invited."""

    subject_name = "dps.registry.membership_reinstated.v1"

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID


class MembershipRemoved(Event):
    """A member left the lot for good; it is never invited again under this membership."""

    subject_name = "dps.registry.membership_removed.v1"

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    reason_code: str = Field(max_length=60)


class MembershipRedeclarationRequested(Event):
    """A member must re-declare its selection answers by ``due_at``."""

    subject_name = "dps.registry.membership_redeclaration_requested.v1"

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    request_id: UUID
    due_at: AwareDatetime


class DocumentExpiring(Event):
    """A provider's document (insurance ...) expires soon: renew it or be suspended."""

    subject_name = "dps.registry.document_expiring.v1"

    provider_id: UUID
    document_id: UUID
    document_type: str = Field(max_length=100)
    expires_on: date


class ProviderAreasChanged(Event):
    """The postcode districts a provider serves, in full, as they now are."""

    subject_name = "dps.registry.provider_areas_changed.v1"

    provider_id: UUID
    provider_name: str = Field(max_length=NAME)
    areas_served: Districts = Field(max_length=MAX_DISTRICTS)


class ProviderDetailsChanged(Event):
    """A provider corrected its organisation's details; these are its details as they now are."""

    subject_name = "dps.registry.provider_details_changed.v1"

    provider_id: UUID
    provider_name: str = Field(max_length=NAME)
    companies_house_number: str = Field(max_length=8)
    cqc_provider_id: str | None = Field(default=None, max_length=20)


class ProviderCapacityChanged(Event):
    """How many new packages a provider can take on in one lot."""

    subject_name = "dps.registry.provider_capacity_changed.v1"

    provider_id: UUID
    dps_id: UUID
    lot_id: UUID
    capacity: int = Field(ge=0)


__all__ = [
    "ApplicationRejected",
    "CriterionSummary",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "DocumentExpiring",
    "DpsChanged",
    "DpsClosed",
    "DpsOpened",
    "LotClosed",
    "LotOpened",
    "LotSummary",
    "MembershipReinstated",
    "MembershipRedeclarationRequested",
    "MembershipRemoved",
    "MembershipSuspended",
    "ProviderAdmitted",
    "ProviderAreasChanged",
    "ProviderCapacityChanged",
    "RateCardAdded",
    "RateSummary",
    "PriceCompliance",
    "ProviderDetailsChanged",
    "ReopeningWindowClosed",
    "ReopeningWindowOpened",
]
