"""Integration events published by the call-off service (``dps.calloff.*``).

None carries personal data: the person who needs care appears only as a pseudonymous
requirement reference with an age band, a postcode district and a needs summary. Name, date
of birth, address and NHS number stay in the call-off service's restricted table and go only
to the awarded provider, over HTTP, after ``dps.contracts.contract_awarded``.

A call-off's events are one aggregate (``call_off``), applied in order by every consumer.
Lists that grow with the number of providers travel one item per event, then a compact
summary: one ``InvitationIssued`` per invitee after ``CallOffPublished``; one
``ResponseOpened`` per valid response before ``CallOffClosed``. So every event stays far
below the broker's payload limit by construction. Amounts are decimal strings in GBP;
weights are percent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from shared.events.base import Event

MAX_RESPONSES = 500
MAX_OMISSIONS = 30
MAX_CRITERIA = 20
MAX_LINES = 10
MAX_ANSWER = 6_000
MAX_ANSWERS_TOTAL = 30_000
MAX_TEXT = 2_000
MAX_REASON = 500
MAX_NAME = 300
MAX_CODE = 60
#: A rate's element or band, as long as the registry's rate cards allow.
MAX_ELEMENT = 100

CallOffKind = Literal["mini_competition", "direct_award"]
PricingMode = Literal["price_competed", "fixed_rate"]
FundingRoute = Literal[
    "council_arranged", "individual_service_fund", "direct_payment", "user_choice"
]
CriterionKind = Literal["quality", "cost", "social_value"]
Unit = Literal["hour", "night", "day", "week"]
InvalidReason = Literal["member_suspended", "member_removed", "not_invited", "incomplete"]


class Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CriterionWeight(Part):
    """A criterion of the DPS's catalogue as this call-off refined it."""

    code: str = Field(max_length=MAX_CODE)
    name: str = Field(max_length=MAX_NAME)
    kind: CriterionKind
    weight: Decimal = Field(ge=0, le=100, description="Percent; a call-off's weights sum to 100.")
    answer_type: Literal["narrative", "numeric"] = "narrative"
    better: Literal["higher", "lower"] = Field(
        default="higher", description="For a numeric criterion: which way is better."
    )
    mandatory: bool = True


class VolumeLine(Part):
    """How much of an element the package needs each week (40 hours, 7 nights, 5 days)."""

    element: str = Field(max_length=MAX_ELEMENT)
    unit: Unit
    band: str | None = Field(default=None, max_length=MAX_ELEMENT)
    quantity_per_week: Decimal = Field(ge=0, le=1000)


class PriceLine(Part):
    """A price per unit of one element (a bid, or the council's fixed rate)."""

    element: str = Field(max_length=MAX_ELEMENT)
    unit: Unit
    band: str | None = Field(default=None, max_length=MAX_ELEMENT)
    amount: Decimal = Field(ge=0, le=Decimal("99999.99"))


class ReferenceRate(Part):
    """The lot's reference range for an element on the publication date (£13.60-£14.75/h)."""

    element: str = Field(max_length=MAX_ELEMENT)
    unit: Unit
    band: str | None = Field(default=None, max_length=MAX_ELEMENT)
    min_amount: Decimal = Field(ge=0, le=Decimal("99999.99"))
    max_amount: Decimal = Field(ge=0, le=Decimal("99999.99"))


class FundingShare(Part):
    """One buyer of a joint commission and the share of the cost it funds."""

    buyer: str = Field(max_length=MAX_NAME)
    share_percent: Decimal = Field(gt=0, le=100)


class Advertised(Part):
    """What invited providers (and public notices) may be told of the person and package."""

    requirement_reference: str = Field(max_length=MAX_CODE, description="Pseudonymous.")
    age_band: str = Field(max_length=20)
    postcode_district: str = Field(max_length=8)
    need_band: str = Field(max_length=MAX_CODE)
    needs_summary: str = Field(max_length=MAX_TEXT)
    hours_per_week: Decimal | None = Field(default=None, ge=0, le=1000)
    nights_per_week: int | None = Field(default=None, ge=0, le=7)
    days_per_week: int | None = Field(default=None, ge=0, le=7)
    pattern: str = Field(default="", max_length=MAX_TEXT)


class ComplianceSettings(Part):
    """The DPS's settings for checking prices before scoring."""

    price_above_reference: Literal["non_compliant", "flag"] = "non_compliant"
    abnormally_low_share: Decimal = Field(
        default=Decimal("0.80"),
        ge=0,
        le=1,
        description="A price below this share of the reference minimum is flagged.",
    )


class CallOffTerms(Part):
    """Everything a later stage needs of a call-off, so each event is self-contained."""

    call_off_id: UUID
    reference: str = Field(max_length=MAX_CODE)
    requirement_id: UUID
    requirement_raised_at: AwareDatetime
    dps_id: UUID
    lot_id: UUID
    regime: str = Field(max_length=40)
    rules_effective_from: date
    buyer_organisation: str = Field(max_length=MAX_NAME, description="The council running it.")
    funding_shares: list[FundingShare] = Field(min_length=1, max_length=10)
    kind: CallOffKind
    pricing_mode: PricingMode
    funding_route: FundingRoute
    criteria: list[CriterionWeight] = Field(max_length=MAX_CRITERIA)
    volumes: list[VolumeLine] = Field(max_length=MAX_LINES)
    fixed_rates: list[PriceLine] = Field(default_factory=list, max_length=MAX_LINES)
    reference_rates: list[ReferenceRate] = Field(default_factory=list, max_length=MAX_LINES)
    compliance: ComplianceSettings = ComplianceSettings()
    start_on: date
    initial_term_months: int = Field(ge=1, le=240)
    extension_months: list[int] = Field(default_factory=list, max_length=10)
    annual_value: Decimal = Field(ge=0)
    whole_life_value: Decimal = Field(
        ge=0, description="Rates x volume x full term, extensions in."
    )
    threshold: Decimal = Field(description="The light-touch threshold in force on publication.")
    above_threshold: bool
    published_at: AwareDatetime
    response_deadline: AwareDatetime
    advertised: Advertised


class Omission(Part):
    """An eligible member left out of the invitation list, with the recorded legal reason."""

    provider_id: UUID
    reason: str = Field(max_length=MAX_REASON)


class CallOffPublished(Event):
    """A call-off went out. The invitation list is frozen: one ``InvitationIssued`` per
    invitee follows; ``invitee_count`` says how many."""

    subject_name = "dps.calloff.call_off_published.v1"

    terms: CallOffTerms
    invitee_count: int = Field(ge=0)
    omitted: list[Omission] = Field(default_factory=list, max_length=MAX_OMISSIONS)
    direct_award_provider_id: UUID | None = None
    direct_award_justification: str | None = Field(default=None, max_length=MAX_TEXT)


class InvitationIssued(Event):
    """One provider is invited to respond by ``response_deadline`` (for notification systems)."""

    subject_name = "dps.calloff.invitation_issued.v1"

    call_off_id: UUID
    reference: str = Field(max_length=MAX_CODE)
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    response_deadline: AwareDatetime
    advertised: Advertised


class ClarificationAnswered(Event):
    """A question an invitee asked, and the council's answer, shown to every invitee."""

    subject_name = "dps.calloff.clarification_answered.v1"

    call_off_id: UUID
    clarification_id: UUID
    question: str = Field(max_length=MAX_TEXT)
    answer: str = Field(max_length=MAX_TEXT)
    answered_at: AwareDatetime


class ResponseSubmitted(Event):
    """An invitee submitted (or amended) a sealed response. No content: it is sealed."""

    subject_name = "dps.calloff.response_submitted.v1"

    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    submitted_at: AwareDatetime


class ResponseWithdrawn(Event):
    """An invitee withdrew its response before the deadline."""

    subject_name = "dps.calloff.response_withdrawn.v1"

    call_off_id: UUID
    response_id: UUID
    provider_id: UUID


class Answer(Part):
    criterion_code: str = Field(max_length=MAX_CODE)
    text: str = Field(default="", max_length=MAX_ANSWER)
    number: Decimal | None = Field(default=None, ge=-(10**9), le=10**9)


class ResponseOpened(Event):
    """At close, one valid response's content, unsealed for evaluation (one event each)."""

    subject_name = "dps.calloff.response_opened.v1"

    call_off_id: UUID
    response_id: UUID
    provider_id: UUID
    provider_name: str = Field(max_length=MAX_NAME)
    submitted_at: AwareDatetime
    answers: list[Answer] = Field(max_length=MAX_CRITERIA)
    prices: list[PriceLine] = Field(default_factory=list, max_length=MAX_LINES)
    accepts_fixed_rate: bool = False
    proposed_start_on: date
    capacity_confirmed: bool

    @model_validator(mode="after")
    def _answers_bounded_in_total(self) -> ResponseOpened:
        if sum(len(a.text) for a in self.answers) > MAX_ANSWERS_TOTAL:
            raise ValueError(f"answers may hold {MAX_ANSWERS_TOTAL} characters in all")
        return self


class ValidResponse(Part):
    response_id: UUID
    provider_id: UUID
    submitted_at: AwareDatetime


class InvalidResponse(Part):
    response_id: UUID
    provider_id: UUID
    reason: InvalidReason


class CallOffClosed(Event):
    """The deadline passed (or every invitee answered early): the valid responses go to
    evaluation. Each one's content came just before, in its ``ResponseOpened``."""

    subject_name = "dps.calloff.call_off_closed.v1"

    terms: CallOffTerms
    closed_at: AwareDatetime
    closed_early: bool = False
    valid_responses: list[ValidResponse] = Field(max_length=MAX_RESPONSES)
    invalid_responses: list[InvalidResponse] = Field(default_factory=list, max_length=MAX_RESPONSES)


class CallOffCancelled(Event):
    """The commissioner cancelled the call-off, with a reason."""

    subject_name = "dps.calloff.call_off_cancelled.v1"

    call_off_id: UUID
    reason: str = Field(max_length=MAX_TEXT)
    cancelled_by: str = Field(max_length=MAX_NAME)


class CallOffUnsuccessful(Event):
    """Closed with no valid response; the next steps open to the council."""

    subject_name = "dps.calloff.call_off_unsuccessful.v1"

    call_off_id: UUID
    reason: str = Field(max_length=MAX_TEXT)
    next_steps: list[Literal["republish", "direct_award"]] = Field(max_length=2)
