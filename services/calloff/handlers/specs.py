"""What the use cases are asked to do, as bounded pydantic models (the API takes them as
request bodies). They check shapes and the bounds of what the store holds (``fields``);
the domain checks the rules and names each broken one."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.calloff.domain import limits as n
from services.calloff.domain.call_offs import CallOffKind, PricingMode
from services.calloff.domain.criteria import CriterionChoice
from services.calloff.domain.people import AgeBand, PersonDetails
from services.calloff.domain.requirements import FundingRoute, Unit, Volume
from services.calloff.domain.responses import ResponseContent
from services.calloff.handlers.fields import (
    AddressLine,
    Answer,
    Band,
    Code,
    Day,
    District,
    Element,
    ExtensionMonths,
    InitialTermMonths,
    LongText,
    Moment,
    Name,
    NhsNumber,
    Number,
    OmissionReason,
    PersonName,
    Postcode,
    Quantity,
    Rate,
    Reason,
    Share,
    StartDay,
    Weight,
)
from shared.events import calloff as contract


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VolumeSpec(Spec):
    element: Element = Field(examples=["support", "sleep_in"])
    unit: Unit
    band: Band | None = Field(default=None, examples=["high_complex"])
    quantity_per_week: Quantity = Field(examples=["40"])

    def volume(self) -> Volume:
        return Volume(self.element, self.unit, self.band or None, self.quantity_per_week)


class RequirementDetails(Spec):
    """What may be advertised of the need. Every field may be given later (a draft)."""

    age_band: AgeBand | None = None
    postcode_district: District | None = Field(default=None, examples=["ST16"])
    need_band: Code | None = Field(default=None, examples=["high", "medium", "low"])
    needs_summary: LongText | None = Field(
        default=None,
        description="What providers are told of the needs: never a name, an NHS number, a"
        " date of birth, an address or a postcode (refused if it holds the person's).",
    )
    volumes: list[VolumeSpec] | None = Field(default=None, max_length=n.LINES)
    pattern: LongText | None = Field(default=None, examples=["Mornings and evenings, 7 days"])
    start_on: StartDay | None = None
    initial_term_months: InitialTermMonths | None = None
    extension_months: list[ExtensionMonths] | None = Field(
        default=None, max_length=n.EXTENSION_OPTIONS
    )
    funding_route: FundingRoute | None = None

    def details(self) -> dict[str, Any]:
        """The fields given (and not null), as the domain takes them."""
        given = self.model_dump(
            include=set(RequirementDetails.model_fields), exclude_unset=True, exclude_none=True
        )
        if self.volumes is not None:
            given["volumes"] = [v.volume() for v in self.volumes]
        return given


class PersonSpec(Spec):
    """The person's identity: restricted, encrypted at rest, never advertised."""

    def person(self, today: date) -> PersonDetails:
        return PersonDetails.of(
            given_name=self.given_name, family_name=self.family_name,
            date_of_birth=self.date_of_birth, address_lines=self.address_lines,
            postcode=self.postcode, nhs_number=self.nhs_number, today=today,
        )

    given_name: PersonName
    family_name: PersonName
    date_of_birth: Day
    address_lines: list[AddressLine] = Field(min_length=1, max_length=n.ADDRESS_LINES)
    postcode: Postcode = Field(examples=["ST16 3AB"])
    nhs_number: NhsNumber = Field(examples=["943 476 5919"])

    def __repr__(self) -> str:  # never in a log or a traceback
        return "PersonSpec(<restricted>)"

    __str__ = __repr__


class RequirementSpec(RequirementDetails):
    dps_id: UUID
    lot_id: UUID
    person: PersonSpec | None = None


class CriterionSpec(Spec):
    code: Code = Field(examples=["quality"])
    weight: Weight = Field(examples=["60"])

    def choice(self) -> CriterionChoice:
        return CriterionChoice(self.code, self.weight)


class RateSpec(Spec):
    element: Element
    unit: Unit
    band: Band | None = None
    amount: Rate = Field(examples=["14.75"])

    def line(self) -> contract.PriceLine:
        return contract.PriceLine(
            element=self.element, unit=self.unit.value, band=self.band or None,
            amount=self.amount,
        )


class FundingShareSpec(Spec):
    buyer: Name
    share_percent: Share

    def share(self) -> contract.FundingShare:
        return contract.FundingShare(buyer=self.buyer, share_percent=self.share_percent)


class CallOffSpec(Spec):
    requirement_id: UUID
    kind: CallOffKind = CallOffKind.MINI_COMPETITION
    pricing_mode: PricingMode = PricingMode.PRICE_COMPETED
    criteria: list[CriterionSpec] = Field(default_factory=list, max_length=n.CRITERIA)
    fixed_rates: list[RateSpec] = Field(default_factory=list, max_length=n.LINES)
    funding_shares: list[FundingShareSpec] = Field(
        default_factory=list, max_length=n.FUNDING_SHARES,
        description="Left out: the DPS's first buyer funds it in full.",
    )
    response_deadline: Moment
    direct_award_provider_id: UUID | None = None
    direct_award_justification: LongText | None = None


class OmissionSpec(Spec):
    provider_id: UUID
    reason: OmissionReason = Field(description="The recorded legal reason.")


class PublishSpec(Spec):
    omissions: list[OmissionSpec] = Field(default_factory=list, max_length=n.OMISSIONS)


class ConsentSpec(Spec):
    provider_id: UUID
    evidence: Reason = Field(examples=["E-mail from the provider of 3 March 2027"])


class RepublishSpec(Spec):
    response_deadline: Moment
    kind: CallOffKind | None = None
    direct_award_provider_id: UUID | None = None
    direct_award_justification: LongText | None = None


class AnswerSpec(Spec):
    criterion_code: Code
    text: Answer = ""
    number: Number | None = None


class ResponseSpec(Spec):
    answers: list[AnswerSpec] = Field(max_length=n.CRITERIA)
    prices: list[RateSpec] = Field(default_factory=list, max_length=n.LINES)
    accepts_fixed_rate: bool = False
    proposed_start_on: StartDay
    capacity_confirmed: bool

    def content(self) -> ResponseContent:
        return ResponseContent(
            answers=tuple(
                contract.Answer(criterion_code=a.criterion_code, text=a.text, number=a.number)
                for a in self.answers
            ),
            prices=tuple(p.line() for p in self.prices),
            accepts_fixed_rate=self.accepts_fixed_rate,
            proposed_start_on=self.proposed_start_on,
            capacity_confirmed=self.capacity_confirmed,
        )


class ReasonSpec(Spec):
    reason: Reason


class QuestionSpec(Spec):
    question: Reason


class AnswerToQuestionSpec(Spec):
    answer: Reason
