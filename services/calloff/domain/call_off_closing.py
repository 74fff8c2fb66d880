"""Closing a call-off, and the outcome the contracts service reports afterwards.

At the deadline (the ticker) or early (a commissioner, once every invitee has answered and
the regime allows it) the call-off closes. A response whose member was suspended or removed
before the deadline becomes invalid, with the reason (R9, R19). The valid responses are
unsealed for evaluation: one ``ResponseOpened`` each, then ``CallOffClosed``. With none left,
the call-off is ``unsuccessful`` (``CallOffUnsuccessful``): the council may re-publish it, or
award directly where the regime allows. After evaluation, the contracts service says how it
ended: a contract (``awarded``) or no provider left (``unsuccessful``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain.call_off_core import CallOffCore, CallOffStatus
from services.calloff.domain.members import MemberStatus
from services.calloff.domain.periods import may_close_early
from services.calloff.domain.responses import Invitation, Response, check_content
from shared.actors import Actor
from shared.errors import DomainError
from shared.events.calloff import (
    CallOffClosed,
    CallOffUnsuccessful,
    InvalidReason,
    InvalidResponse,
    ResponseOpened,
    ValidResponse,
)
from shared.regimes import RegimeRules


@dataclass(frozen=True, slots=True)
class MemberState:
    """A membership's status and when it last changed, as the registry announced it."""

    status: MemberStatus
    changed_at: datetime


class CallOffClosing(CallOffCore):
    def is_due(self, now: datetime) -> bool:
        return self.status is CallOffStatus.PUBLISHED and now >= self.response_deadline

    def close(
        self,
        *,
        now: datetime,
        actor: Actor,
        rules: RegimeRules,
        invitations: Mapping[UUID, Invitation],
        responses: list[Response],
        members: Mapping[UUID, MemberState],
        early: bool = False,
    ) -> list[Response]:
        """Close; returns the responses found invalid (their ``invalid_reason`` set).

        ``invitations`` by provider id; ``members`` by membership id; ``responses`` the live
        ones. ``early``: a commissioner closes before the deadline.
        """
        self._require(CallOffStatus.PUBLISHED, error=e.CallOffNotPublished)
        if early:
            self._require_commissioner(actor)
            self._check_may_close_early(rules, invitations, responses, now)
        elif now < self.response_deadline:
            raise e.CallOffNotDue(
                f"Call-off {self.reference} closes at its deadline"
                f" ({self.response_deadline.isoformat()}), not before."
            )
        terms = self.published_terms()
        valid: list[Response] = []
        invalid: list[Response] = []
        for response in sorted(responses, key=lambda r: (r.submitted_at, str(r.id))):
            reason = self._invalid_reason(response, invitations, members)
            if reason is None:
                try:
                    check_content(terms, response.content)
                except DomainError:
                    reason = "incomplete"
            response.invalid_reason = reason
            (valid if reason is None else invalid).append(response)
        self.closed_at = now
        self.closed_early = early
        invalid_entries = [
            InvalidResponse(response_id=r.id, provider_id=r.provider_id,
                            reason=r.invalid_reason)  # type: ignore[arg-type]
            for r in invalid
        ]
        if not valid:
            self._unsuccessful_at_close(now, actor, len(invalid), rules)
            return invalid
        for response in valid:
            content = response.content
            self.record(
                ResponseOpened(
                    occurred_at=now,
                    call_off_id=self.id,
                    response_id=response.id,
                    provider_id=response.provider_id,
                    provider_name=invitations[response.provider_id].provider_name,
                    submitted_at=response.changed_at,
                    answers=list(content.answers),
                    prices=list(content.prices),
                    accepts_fixed_rate=content.accepts_fixed_rate,
                    proposed_start_on=content.proposed_start_on,
                    capacity_confirmed=content.capacity_confirmed,
                )
            )
        self.status = CallOffStatus.CLOSED
        self.record(
            CallOffClosed(
                occurred_at=now,
                terms=terms,
                closed_at=now,
                closed_early=early,
                valid_responses=[
                    ValidResponse(response_id=r.id, provider_id=r.provider_id,
                                  submitted_at=r.changed_at)
                    for r in valid
                ],
                invalid_responses=invalid_entries,
            )
        )
        self._decide(
            "closed_early" if early else "closed", now, actor,
            f"{len(valid)} valid, {len(invalid)} invalid response(s)",
            valid=len(valid), invalid=len(invalid),
        )
        for response in invalid:
            self._decide("response_invalidated", now, actor, str(response.invalid_reason),
                         response.provider_id)
        return invalid

    def _check_may_close_early(
        self, rules: RegimeRules, invitations: Mapping[UUID, Invitation],
        responses: list[Response], now: datetime,
    ) -> None:
        answered = {r.provider_id for r in responses} | {
            p for p, invitation in invitations.items() if invitation.declined
        }
        waiting = [p for p in invitations if p not in answered]
        if waiting:
            raise e.CannotCloseEarly(
                f"{len(waiting)} of {len(invitations)} invitees have neither responded nor"
                " declined: the call-off closes early only when every invitee has answered.",
                waiting=len(waiting),
            )
        assert self.published_at is not None
        if not may_close_early(rules, published_at=self.published_at, now=now,
                               shortened=self.short_period):
            raise e.CannotCloseEarly(
                f"{rules.label}: invitees keep the whole minimum response period of"
                f" {rules.min_response_calendar_days} days; close it after that, or at the"
                " deadline.",
            )

    def _invalid_reason(
        self,
        response: Response, invitations: Mapping[UUID, Invitation],
        members: Mapping[UUID, MemberState],
    ) -> InvalidReason | None:
        invitation = invitations.get(response.provider_id)
        if invitation is None:
            return "not_invited"
        state = members.get(invitation.membership_id)
        # A change after the deadline does not touch a response made while it was active.
        if state is None or state.changed_at > self.response_deadline:
            return None
        if state.status is MemberStatus.SUSPENDED:
            return "member_suspended"
        if state.status is MemberStatus.REMOVED:
            return "member_removed"
        return None

    def _unsuccessful_at_close(
        self, now: datetime, actor: Actor, invalid: int, rules: RegimeRules
    ) -> None:
        reason = (
            f"No valid response: {invalid} response(s) were invalid at the deadline."
            if invalid else "No response was received by the deadline."
        )
        self.status = CallOffStatus.UNSUCCESSFUL
        self.outcome_reason = reason
        self.record(
            CallOffUnsuccessful(
                occurred_at=now, call_off_id=self.id, reason=reason,
                next_steps=self.next_steps(rules),
            )
        )
        self._decide("unsuccessful", now, actor, reason)

    @staticmethod
    def next_steps(rules: RegimeRules) -> list[Literal["republish", "direct_award"]]:
        if rules.invite_every_member:
            return ["republish"]
        return ["republish", "direct_award"]

    # --- the outcome, from the contracts service ----------------------------------------------
    def awarded(
        self, *, contract_id: UUID, provider_id: UUID, provider_name: str,
        requirement_id: UUID, invited: bool, actor: Actor, at: datetime,
    ) -> bool:
        """A contract was awarded; False if this contract was known already."""
        if self.status is CallOffStatus.AWARDED and self.contract_id == contract_id:
            return False
        if self.status is not CallOffStatus.CLOSED:
            raise e.OutcomeConflict(
                f"Call-off {self.reference} is {self.status.value}: contract {contract_id}"
                " cannot be its outcome.",
            )
        if requirement_id != self.requirement_id or not invited:
            raise e.OutcomeConflict(
                f"Contract {contract_id} names a requirement or provider call-off"
                f" {self.reference} does not have.",
            )
        self.status = CallOffStatus.AWARDED
        self.contract_id = contract_id
        self.awarded_provider_id = provider_id
        self.awarded_provider_name = provider_name
        self.awarded_at = at
        self._decide("awarded", at, actor, f"contract {contract_id}", provider_id)
        return True

    def award_unsuccessful(self, *, reason: str, actor: Actor, at: datetime) -> bool:
        """No provider was left to award; False if this was known already."""
        if self.status is CallOffStatus.UNSUCCESSFUL and self.outcome_reason == reason:
            return False
        self._require(CallOffStatus.CLOSED, error=e.OutcomeConflict)
        self.status = CallOffStatus.UNSUCCESSFUL
        self.outcome_reason = reason
        self._decide("award_unsuccessful", at, actor, reason)
        return True
