"""What invitees do with a call-off: invitations, sealed responses, clarifications, and the
audit trail of decisions on it.

A response is sealed: until the call-off closes, the council side may know it exists and
when it came, never what it says. Its content answers each criterion that is scored from
text (every criterion but cost), prices each element of the weekly volumes when price is
competed, or accepts the council's fixed rate (a price is then refused: R7), and gives a
proposed start date and whether capacity is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain import limits as n
from shared.events.calloff import Answer, CallOffTerms, PriceLine


@dataclass
class Invitation:
    """One provider on a call-off's frozen invitation list."""

    call_off_id: UUID
    provider_id: UUID
    membership_id: UUID
    provider_name: str
    invited_at: datetime
    declined_at: datetime | None = None
    decline_reason: str | None = None

    @property
    def declined(self) -> bool:
        return self.declined_at is not None


class ResponseStatus(StrEnum):
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ResponseContent:
    answers: tuple[Answer, ...]
    prices: tuple[PriceLine, ...]
    accepts_fixed_rate: bool
    proposed_start_on: date
    capacity_confirmed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": [a.model_dump(mode="json") for a in self.answers],
            "prices": [p.model_dump(mode="json") for p in self.prices],
            "accepts_fixed_rate": self.accepts_fixed_rate,
            "proposed_start_on": self.proposed_start_on.isoformat(),
            "capacity_confirmed": self.capacity_confirmed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResponseContent:
        return cls(
            answers=tuple(Answer.model_validate(a) for a in data["answers"]),
            prices=tuple(PriceLine.model_validate(p) for p in data["prices"]),
            accepts_fixed_rate=bool(data["accepts_fixed_rate"]),
            proposed_start_on=date.fromisoformat(data["proposed_start_on"]),
            capacity_confirmed=bool(data["capacity_confirmed"]),
        )


def check_content(terms: CallOffTerms, content: ResponseContent) -> ResponseContent:
    """The content answers the call-off as it was published, or the rule it breaks."""
    scored = {c.code: c for c in terms.criteria if c.kind != "cost"}
    codes = [a.criterion_code for a in content.answers]
    unknown = sorted({c for c in codes if c not in scored})
    twice = sorted({c for c in codes if codes.count(c) > 1})
    by_code = {a.criterion_code: a for a in content.answers}
    unanswered = [
        code for code, c in scored.items()
        if c.mandatory and (code not in by_code or not (
            by_code[code].text.strip() or by_code[code].number is not None
        ))
    ]
    if unknown or twice or unanswered:
        raise e.IncompleteResponse(
            "Answer each scored criterion of the call-off once (cost is answered by the"
            " prices), and no other.",
            unanswered=unanswered, unknown=unknown, twice=twice,
        )
    if sum(len(a.text) for a in content.answers) > n.ANSWERS_TOTAL:
        raise e.AnswersTooLong(
            f"The answers may hold {n.ANSWERS_TOTAL} characters in all.", field="answers"
        )
    if terms.pricing_mode == "fixed_rate":
        if content.prices:
            raise e.PriceNotAllowed(
                "The council fixed the rate for this call-off: give no price, accept the"
                " fixed rate (accepts_fixed_rate).",
                field="prices",
            )
        if not content.accepts_fixed_rate:
            raise e.FixedRateNotAccepted(
                "Responding to a fixed-rate call-off means accepting the council's rate.",
                field="accepts_fixed_rate",
            )
        return content
    wanted = {(v.element, v.unit, v.band) for v in terms.volumes}
    given = [(p.element, p.unit, p.band) for p in content.prices]
    if len(set(given)) != len(given) or set(given) != wanted:
        raise e.PricesDoNotMatchVolumes(
            "Give one price per unit for each element (and band) of the weekly volumes, and"
            " no other.",
            wanted=[f"{el} per {unit}" + (f" ({band})" if band else "")
                    for el, unit, band in sorted(wanted, key=str)],
        )
    if content.accepts_fixed_rate:
        content = ResponseContent(
            content.answers, content.prices, False, content.proposed_start_on,
            content.capacity_confirmed,
        )
    return content


@dataclass
class Response:
    id: UUID
    call_off_id: UUID
    provider_id: UUID
    status: ResponseStatus
    content: ResponseContent
    submitted_at: datetime
    changed_at: datetime
    withdrawn_at: datetime | None = None
    #: Set at close for a response that no longer counts (its member was suspended ...).
    invalid_reason: str | None = None
    version: int = 0

    @property
    def live(self) -> bool:
        return self.status is ResponseStatus.SUBMITTED


@dataclass
class Clarification:
    """A question an invitee asked; every invitee sees it once answered, the asker unnamed."""

    id: UUID
    call_off_id: UUID
    provider_id: UUID
    question: str
    asked_at: datetime
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None


@dataclass
class Consent:
    """An invitee's agreement to a response period shorter than the regime's minimum."""

    call_off_id: UUID
    provider_id: UUID
    evidence: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class Decision:
    """One entry of a call-off's audit trail: who decided what, when and why (R23)."""

    at: datetime
    action: str
    actor_id: str
    actor_role: str
    why: str = ""
    provider_id: UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)
