"""A call-off as each caller may see it, its invitation list, clarifications, responses
(sealed until close) and audit trail.

One shape for everyone; what only the council side may know is null for a provider: the
invitation list's size, the members left out (other providers' ids), the direct-award
justification, how many responses came, and who was awarded the contract (unless it is
the provider asking).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from services.calloff.api.models.base import Read
from services.calloff.domain.call_offs import CallOff, CallOffKind, CallOffStatus, PricingMode
from services.calloff.domain.responses import Clarification, Response, ResponseStatus
from shared.actors import Actor
from shared.events.calloff import Answer, CallOffTerms, FundingShare, Omission, PriceLine


class CriterionChoiceRead(Read):
    code: str
    weight: Decimal


class CallOffRead(BaseModel):
    id: UUID
    reference: str
    status: CallOffStatus
    requirement_id: UUID
    dps_id: UUID
    lot_id: UUID
    kind: CallOffKind
    pricing_mode: PricingMode
    criteria: list[CriterionChoiceRead]
    fixed_rates: list[PriceLine]
    funding_shares: list[FundingShare]
    response_deadline: datetime
    direct_award_provider_id: UUID | None
    direct_award_justification: str | None
    created_at: datetime
    published_at: datetime | None
    terms: CallOffTerms | None
    invitee_count: int | None
    omitted: list[Omission] | None
    short_period: bool
    closed_at: datetime | None
    closed_early: bool
    outcome_reason: str | None
    contract_id: UUID | None
    awarded_provider_id: UUID | None
    awarded_provider_name: str | None
    awarded_at: datetime | None
    republished_from: UUID | None
    republished_as: UUID | None
    responses_received: int | None = None

    @classmethod
    def of(cls, c: CallOff, actor: Actor, responses_received: int | None = None) -> CallOffRead:
        council = not actor.is_provider
        winner = council or (c.awarded_provider_id is not None
                             and c.awarded_provider_id == actor.provider_id)
        return cls(
            id=c.id, reference=c.reference, status=c.status, requirement_id=c.requirement_id,
            dps_id=c.dps_id, lot_id=c.lot_id, kind=c.kind, pricing_mode=c.pricing_mode,
            criteria=[CriterionChoiceRead.model_validate(x) for x in c.criteria],
            fixed_rates=c.fixed_rates, funding_shares=c.funding_shares,
            response_deadline=c.response_deadline,
            direct_award_provider_id=c.direct_award_provider_id,
            direct_award_justification=c.direct_award_justification if council else None,
            created_at=c.created_at, published_at=c.published_at, terms=c.terms,
            invitee_count=c.invitee_count if council else None,
            omitted=c.omitted if council else None,
            short_period=c.short_period, closed_at=c.closed_at, closed_early=c.closed_early,
            outcome_reason=c.outcome_reason,
            contract_id=c.contract_id if winner else None,
            awarded_provider_id=c.awarded_provider_id if winner else None,
            awarded_provider_name=c.awarded_provider_name if winner else None,
            awarded_at=c.awarded_at, republished_from=c.republished_from,
            republished_as=c.republished_as,
            responses_received=responses_received if council else None,
        )


class ConsentRead(Read):
    call_off_id: UUID
    provider_id: UUID
    evidence: str
    recorded_by: str
    recorded_at: datetime


class InvitationRead(Read):
    """One provider on the frozen invitation list (council side)."""

    provider_id: UUID
    provider_name: str
    membership_id: UUID
    invited_at: datetime
    declined_at: datetime | None
    decline_reason: str | None


class ProviderInvitationRead(BaseModel):
    """A call-off the provider was invited to, as its own list shows it."""

    call_off_id: UUID
    reference: str
    status: CallOffStatus
    dps_id: UUID
    lot_id: UUID
    kind: CallOffKind
    response_deadline: datetime
    invited_at: datetime
    declined_at: datetime | None
    decline_reason: str | None

    @classmethod
    def of(cls, row: Any) -> ProviderInvitationRead:
        return cls(
            call_off_id=row.call_off_id, reference=row.reference,
            status=CallOffStatus(row.status), dps_id=row.dps_id, lot_id=row.lot_id,
            kind=CallOffKind(row.kind), response_deadline=row.response_deadline,
            invited_at=row.invited_at, declined_at=row.declined_at,
            decline_reason=row.decline_reason,
        )


class ClarificationRead(BaseModel):
    """A question and its answer; who asked is told to the council side only."""

    id: UUID
    call_off_id: UUID
    question: str
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None
    asked_by: UUID | None

    @classmethod
    def of(cls, c: Clarification, actor: Actor) -> ClarificationRead:
        return cls(
            id=c.id, call_off_id=c.call_off_id, question=c.question, asked_at=c.asked_at,
            answer=c.answer, answered_at=c.answered_at,
            asked_by=None if actor.is_provider else c.provider_id,
        )


class ResponseContentRead(BaseModel):
    answers: list[Answer]
    prices: list[PriceLine]
    accepts_fixed_rate: bool
    proposed_start_on: date
    capacity_confirmed: bool


class ResponseRead(BaseModel):
    """A response. ``sealed``: the council side sees that it exists, never its content,
    until the call-off closes; its provider always sees its own."""

    id: UUID
    call_off_id: UUID
    provider_id: UUID
    status: ResponseStatus
    submitted_at: datetime
    changed_at: datetime
    withdrawn_at: datetime | None
    invalid_reason: str | None
    sealed: bool
    content: ResponseContentRead | None

    @classmethod
    def of(cls, r: Response, *, sealed: bool) -> ResponseRead:
        content = r.content
        return cls(
            id=r.id, call_off_id=r.call_off_id, provider_id=r.provider_id, status=r.status,
            submitted_at=r.submitted_at, changed_at=r.changed_at, withdrawn_at=r.withdrawn_at,
            invalid_reason=r.invalid_reason, sealed=sealed,
            content=None if sealed else ResponseContentRead(
                answers=list(content.answers), prices=list(content.prices),
                accepts_fixed_rate=content.accepts_fixed_rate,
                proposed_start_on=content.proposed_start_on,
                capacity_confirmed=content.capacity_confirmed,
            ),
        )


class DecisionRead(Read):
    at: datetime
    action: str
    actor_id: str
    actor_role: str
    why: str
    provider_id: UUID | None
    details: dict[str, Any]
