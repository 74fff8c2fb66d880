"""What is publicly known of each contracting process: only what may be published.

Nothing here can identify the person who needs care: no requirement reference or id, no age
band, no needs summary or care pattern (free text a practitioner wrote), and none of the
free-text reasons officers give for cancelling, varying or ending a contract. Those never
reach this store, so they can never reach a release. A postcode district and a need band
are kept only when they look like what they claim to be (an outward code, a band name).
Facts are immutable values: each change makes new ones (``model_copy``), and only adds.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

#: An outward code (ST16, SW1A, B1): anything finer is withheld.
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
#: A need band is a word or two ("complex", "high / complex"), never digits.
_BAND = re.compile(r"^[A-Za-z][A-Za-z /&_-]{0,39}$")


def district_or_none(value: str | None) -> str | None:
    text = (value or "").strip().upper()
    return text if _DISTRICT.fullmatch(text) else None


def band_or_none(value: str | None) -> str | None:
    text = (value or "").strip()
    return text if _BAND.fullmatch(text) else None


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProcessKind(StrEnum):
    DPS = "dps"
    CALL_OFF = "call_off"
    #: An existing placement moved onto the DPS by a direct-award contract (no call-off).
    PLACEMENT = "placement"


class LotFacts(Fact):
    lot_id: UUID
    code: str
    title: str
    admission_open: bool = True
    closed_lot: bool = False
    remote_delivery_allowed: bool = False
    #: The reopening window now open for this lot, if any.
    window_opens_at: datetime | None = None
    window_closes_at: datetime | None = None


class CriterionFacts(Fact):
    name: str
    kind: str
    min_weight: Decimal
    max_weight: Decimal


class DpsStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class DpsFacts(Fact):
    kind: ProcessKind = ProcessKind.DPS
    dps_id: UUID
    name: str
    regime: str
    rules_effective_from: date
    service_category: str
    buyers: tuple[str, ...]
    starts_on: date
    initial_term_ends_on: date
    current_end_on: date
    latest_end_on: date
    opened_at: datetime
    lots: tuple[LotFacts, ...] = ()
    criteria: tuple[CriterionFacts, ...] = ()
    status: DpsStatus = DpsStatus.OPEN
    ended_at: datetime | None = None
    #: PCR 2015 award notices of its call-offs: one per contract, or grouped each quarter.
    quarterly_award_notices: bool = False


class Share(Fact):
    buyer: str
    percent: Decimal


class Volume(Fact):
    element: str
    unit: str
    band: str | None = None
    per_week: Decimal


class Weight(Fact):
    name: str
    kind: str
    percent: Decimal


class AwardStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    CANCELLED = "cancelled"


class AwardFacts(Fact):
    """One approved award decision (a provider declining gives way to a new one)."""

    provider_id: UUID
    provider_name: str | None = None
    value: Decimal
    decided_at: datetime
    standstill_ends_at: datetime | None = None
    status: AwardStatus = AwardStatus.PENDING

    @property
    def ocds_id(self) -> str:
        return f"award-{self.provider_id}"


class AmendmentKind(StrEnum):
    EXTENSION = "extension"
    VARIATION = "variation"


class AmendmentFacts(Fact):
    id: str
    kind: AmendmentKind
    at: datetime
    effective_on: date
    option_sequence: int | None = None
    months: int | None = None
    ends_on: date | None = None
    annual_value: Decimal | None = None
    whole_life_value: Decimal | None = None


class ContractStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    TERMINATED = "terminated"


class ContractFacts(Fact):
    contract_id: UUID
    provider_id: UUID
    provider_name: str
    start_on: date
    initial_term_months: int
    extension_months: tuple[int, ...] = ()
    annual_value: Decimal
    whole_life_value: Decimal
    #: The whole-life value as awarded: what the threshold and the notices are decided on.
    awarded_value: Decimal
    signed_at: datetime
    current_end_on: date
    amendments: tuple[AmendmentFacts, ...] = ()
    status: ContractStatus = ContractStatus.ACTIVE
    ended_on: date | None = None
    ended_at: datetime | None = None


class CallOffFacts(Fact):
    """A call-off (or a placement moved onto the DPS) as publicly known so far. Facts come
    from several producers in any order, so most are optional until their event arrives."""

    kind: ProcessKind = ProcessKind.CALL_OFF
    call_off_id: UUID | None = None
    dps_id: UUID | None = None
    lot_id: UUID | None = None
    regime: str | None = None
    rules_effective_from: date | None = None
    reference: str | None = None
    lead_buyer: str | None = None
    shares: tuple[Share, ...] = ()
    method: str | None = None  # mini_competition, direct_award, transition
    pricing_mode: str | None = None
    funding_route: str | None = None
    criteria: tuple[Weight, ...] = ()
    volumes: tuple[Volume, ...] = ()
    need_band: str | None = None
    postcode_district: str | None = None
    start_on: date | None = None
    initial_term_months: int | None = None
    extension_months: tuple[int, ...] = ()
    annual_value: Decimal | None = None
    whole_life_value: Decimal | None = None
    threshold: Decimal | None = None
    above_threshold: bool | None = None
    published_at: datetime | None = None
    response_deadline: datetime | None = None
    closed_at: datetime | None = None
    tenderers: int | None = None
    cancelled_at: datetime | None = None
    unsuccessful_at: datetime | None = None
    summaries_sent_at: datetime | None = None
    awards: tuple[AwardFacts, ...] = ()
    contract: ContractFacts | None = None
    placement_reference: str | None = None

    @property
    def tender_known(self) -> bool:
        return self.published_at is not None

    @property
    def publishable(self) -> bool:
        """Enough is known to say what this process is and under which DPS it runs."""
        return self.dps_id is not None and self.regime is not None and (
            self.tender_known or self.contract is not None
        )

    @property
    def ended_without_contract(self) -> datetime | None:
        if self.contract is not None:
            return None
        return self.cancelled_at or self.unsuccessful_at

    def award_of(self, provider_id: UUID) -> AwardFacts | None:
        return next((a for a in self.awards if a.provider_id == provider_id), None)


ProcessFacts = DpsFacts | CallOffFacts
