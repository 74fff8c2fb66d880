"""Integration events published by the contracts service (``dps.contracts.*``).

Two aggregates: an ``award`` (one per evaluated call-off: recommendation, approvals under
the scheme of delegation, standstill, offers down the ranked list) and a ``contract`` (the
individual contract's whole life). ``ContractAwarded`` is what the call-off service releases
the person's identity on, to that provider only. No personal data in any of them.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, Field, field_validator

from shared.events.base import Event
from shared.events.calloff import (
    MAX_CODE,
    MAX_LINES,
    MAX_NAME,
    MAX_TEXT,
    FundingShare,
    PriceLine,
    VolumeLine,
)


class AwardRecommended(Event):
    """The top-ranked compliant response not yet refused is recommended for award."""

    subject_name = "dps.contracts.award_recommended.v1"

    award_id: UUID
    call_off_id: UUID
    evaluation_id: UUID
    response_id: UUID
    provider_id: UUID
    rank: int = Field(ge=1)
    whole_life_value: Decimal
    recommended_by: str = Field(max_length=MAX_NAME)


class AwardApproved(Event):
    """An approver with enough delegated authority approved the recommendation."""

    subject_name = "dps.contracts.award_approved.v1"

    award_id: UUID
    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    approved_by: str = Field(max_length=MAX_NAME)
    approver_level: str = Field(max_length=MAX_CODE)
    whole_life_value: Decimal
    standstill_ends_at: AwareDatetime | None = None


class AwardOffered(Event):
    """The provider is offered the contract; it accepts or declines by ``offer_expires_at``."""

    subject_name = "dps.contracts.award_offered.v1"

    award_id: UUID
    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    offer_expires_at: AwareDatetime


class OfferAccepted(Event):
    """The provider accepted the offer."""

    subject_name = "dps.contracts.offer_accepted.v1"

    award_id: UUID
    call_off_id: UUID
    provider_id: UUID


class OfferDeclined(Event):
    """The provider declined (or let the offer lapse); the next ranked response follows."""

    subject_name = "dps.contracts.offer_declined.v1"

    award_id: UUID
    call_off_id: UUID
    provider_id: UUID
    reason: str = Field(max_length=MAX_TEXT)
    timed_out: bool = False


class AwardUnsuccessful(Event):
    """No compliant response is left to offer: the call-off ends without a contract."""

    subject_name = "dps.contracts.award_unsuccessful.v1"

    award_id: UUID
    call_off_id: UUID
    reason: str = Field(max_length=MAX_TEXT)


class ContractAwarded(Event):
    """An individual contract was awarded to ``provider_id``. The call-off service releases
    the person's identity to that provider, and to no one else, on this event."""

    subject_name = "dps.contracts.contract_awarded.v1"

    contract_id: UUID
    award_id: UUID
    call_off_id: UUID
    requirement_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str = Field(max_length=MAX_NAME)
    regime: str = Field(max_length=40)
    funding_route: str = Field(max_length=40)
    funding_shares: list[FundingShare] = Field(min_length=1, max_length=10)
    start_on: date
    initial_term_months: int
    extension_months: list[int] = Field(default_factory=list, max_length=10)
    rates: list[PriceLine] = Field(max_length=MAX_LINES)
    volumes: list[VolumeLine] = Field(max_length=MAX_LINES)
    annual_value: Decimal
    whole_life_value: Decimal
    awarded_at: AwareDatetime


class ContractStarted(Event):
    """The contract's start date came: care is being delivered under it."""

    subject_name = "dps.contracts.contract_started.v1"

    contract_id: UUID
    started_on: date


class ContractExtended(Event):
    """An extension option was taken; the contract now ends on ``ends_on``."""

    subject_name = "dps.contracts.contract_extended.v1"

    contract_id: UUID
    option_sequence: int
    months: int
    ends_on: date


class ContractVaried(Event):
    """Hours or rates changed from ``effective_on``, with the reason; the new values in full."""

    subject_name = "dps.contracts.contract_varied.v1"

    contract_id: UUID
    variation_id: UUID
    effective_on: date
    reason: str = Field(max_length=MAX_TEXT)
    rates: list[PriceLine] = Field(max_length=MAX_LINES)
    volumes: list[VolumeLine] = Field(max_length=MAX_LINES)
    annual_value: Decimal
    whole_life_value: Decimal


class ContractTerminated(Event):
    """The contract was ended early, with the reason."""

    subject_name = "dps.contracts.contract_terminated.v1"

    contract_id: UUID
    effective_on: date
    reason: str = Field(max_length=MAX_TEXT)


class ContractEnded(Event):
    """The contract reached the end of its term (extensions included)."""

    subject_name = "dps.contracts.contract_ended.v1"

    contract_id: UUID
    ended_on: date


class ReprocurementRequested(Event):
    """An existing placement whose incumbent did not join the DPS is to be re-procured: the
    call-off service raises a requirement draft from it (no personal data: the practitioner
    completes the person's details on the draft; the placement id links the two)."""

    subject_name = "dps.contracts.reprocurement_requested.v1"

    placement_id: UUID
    dps_id: UUID
    lot_id: UUID
    incumbent_name: str = Field(max_length=MAX_NAME)
    need_band: str = Field(max_length=MAX_CODE)
    postcode_district: str = Field(max_length=8)
    volumes: list[VolumeLine] = Field(max_length=MAX_LINES)
    current_end_on: date | None = None


class CandidatePassedOver(Event):
    """R9: a ranked response was passed over because its provider's membership of the lot
    was suspended or removed (before award); the next ranked response follows."""

    subject_name = "dps.contracts.candidate_passed_over.v1"

    award_id: UUID
    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    rank: int = Field(ge=1)
    reason: str = Field(max_length=MAX_TEXT)


class PlacementTransitioned(Event):
    """An existing (non-contracted) placement was moved onto a direct-award contract under
    the DPS: the first event of that contract (aggregate ``contract``), in place of
    ``ContractAwarded``, since no call-off was run and the incumbent already cares for the
    person (nothing is released). No personal data: ``placement_reference`` is the council's
    pseudonymous reference."""

    subject_name = "dps.contracts.placement_transitioned.v1"

    contract_id: UUID
    placement_id: UUID
    placement_reference: str = Field(max_length=MAX_CODE)
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str = Field(max_length=MAX_NAME)
    regime: str = Field(max_length=40)
    funding_route: str = Field(max_length=40)
    funding_shares: list[FundingShare] = Field(min_length=1, max_length=10)
    start_on: date
    initial_term_months: int
    extension_months: list[int] = Field(default_factory=list, max_length=10)
    rates: list[PriceLine] = Field(max_length=MAX_LINES)
    volumes: list[VolumeLine] = Field(max_length=MAX_LINES)
    annual_value: Decimal
    whole_life_value: Decimal
    transitioned_at: AwareDatetime


#: A release's JSON as carried by ``ReleasePublished``: a release carries at most 25 items
#: of any list and text bounded by the events it is built from, so real releases stay far
#: below this; the bound makes the event's size certain (half the unit of work's limit).
MAX_RELEASE_BYTES = 256 * 1024


class ReleasePublished(Event):
    """An OCDS 1.1 release published in the open-data feed (``GET /ocds/releases``), for
    neighbouring systems: one per change of a contracting process (a DPS, a call-off, or a
    placement moved onto a DPS), in order per process (aggregate ``contracting_process``).
    ``release`` validates against the OCDS release schema with the lots, techniques and UK
    extensions; ``notice_types`` are the UK notice types it carries (UK4, UK6, UK7 ...). No
    personal data: the person who needs care is never in it."""

    subject_name = "dps.contracts.release_published.v1"

    ocid: str = Field(max_length=120)
    release_id: str = Field(max_length=140)
    tags: list[str] = Field(max_length=16)
    notice_types: list[str] = Field(default_factory=list, max_length=16)
    dps_id: UUID | None = None
    call_off_id: UUID | None = None
    contract_id: UUID | None = None
    release: dict[str, Any] = Field(description="The OCDS release, as the feed serves it.")

    @field_validator("release")
    @classmethod
    def _bounded(cls, release: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(release, ensure_ascii=False).encode())
        if size > MAX_RELEASE_BYTES:
            raise ValueError(f"a release may hold {MAX_RELEASE_BYTES} bytes, not {size}")
        return release


class NoticeOverdue(Event):
    """A statutory notice was not published by its due date (R13, R16): the council must act
    (``GET /notices/overdue``). Raised once per notice and due date by the ticker."""

    subject_name = "dps.contracts.notice_overdue.v1"

    notice_id: UUID
    ocid: str = Field(max_length=120)
    kind: str = Field(max_length=60)
    notice_type: str | None = Field(default=None, max_length=10)
    title: str = Field(max_length=MAX_NAME)
    due_at: AwareDatetime
    reason: str = Field(default="", max_length=MAX_TEXT)
    dps_id: UUID | None = None
