"""The call-off aggregate root: drafting, cancelling and re-publishing, on top of its layers
(``call_off_core`` the state; ``call_off_publication``, ``call_off_invitees`` and
``call_off_closing`` what happens to it)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from services.calloff.domain import criteria as refine
from services.calloff.domain import errors as e
from services.calloff.domain import valuation
from services.calloff.domain.call_off_closing import CallOffClosing, MemberState
from services.calloff.domain.call_off_core import (
    LIVE,
    CallOffKind,
    CallOffStatus,
    check_direct_award_allowed,
    check_dps_takes_call_offs,
    dps_rules,
    lot_of,
    new_reference,
)
from services.calloff.domain.call_off_invitees import CallOffInvitees
from services.calloff.domain.call_off_publication import CallOffPublication
from services.calloff.domain.criteria import CriterionChoice, PricingMode
from services.calloff.domain.requirements import Requirement
from shared.actors import Actor, Role, require_role
from shared.dpsview.model import KnownDps
from shared.events.calloff import CallOffCancelled, FundingShare, PriceLine
from shared.workdays import local_date

__all__ = [
    "LIVE", "CallOff", "CallOffKind", "CallOffStatus", "MemberState", "PricingMode", "dps_rules",
]


class CallOff(CallOffPublication, CallOffInvitees, CallOffClosing):
    aggregate_type: ClassVar[str] = "call_off"

    @classmethod
    def drafted(
        cls,
        *,
        id: UUID,
        requirement: Requirement,
        dps: KnownDps,
        kind: CallOffKind,
        pricing_mode: PricingMode,
        criteria: list[CriterionChoice],
        fixed_rates: list[PriceLine],
        funding_shares: list[FundingShare] | None,
        response_deadline: datetime,
        direct_award_provider_id: UUID | None,
        direct_award_justification: str | None,
        requirement_out: bool,
        actor: Actor,
        now: datetime,
        republished_from: UUID | None = None,
    ) -> CallOff:
        """A commissioner drafts a call-off from a ready requirement; what can be checked
        against the DPS now is (the rest, with the invitation list, at publication)."""
        require_role(actor, Role.COMMISSIONER)
        requirement.require_ready()
        if requirement_out:
            raise e.RequirementAlreadyOut(
                f"Requirement {requirement.reference} is already out in a call-off that is"
                " published, closed or awarded.",
            )
        if requirement.dps_id != dps.id:
            raise e.UnknownDps("The requirement is under another DPS.")
        check_dps_takes_call_offs(dps, local_date(now))
        lot_of(dps, requirement.lot_id)
        if response_deadline <= now:
            raise e.ResponseDeadlinePassed(
                "The response deadline must be in the future.", field="response_deadline"
            )
        cls._check_direct_award(
            dps, kind, direct_award_provider_id, direct_award_justification
        )
        refine.refine(
            dps.criteria, criteria, pricing_mode,
            required=kind is CallOffKind.MINI_COMPETITION,
        )
        if pricing_mode is PricingMode.FIXED_RATE:
            valuation.fixed_rates_for(requirement.volumes, fixed_rates)
        elif fixed_rates:
            raise e.FixedRatesOnlyWhenFixed(
                "Fixed rates are given only when the council fixes the rate (fixed_rate);"
                " a price-competed call-off is priced by the responses.",
                field="fixed_rates",
            )
        shares = cls._funding(dps, funding_shares)
        call_off = cls(
            id=id,
            reference=new_reference(now),
            requirement_id=requirement.id,
            dps_id=dps.id,
            lot_id=requirement.lot_id,
            kind=kind,
            pricing_mode=pricing_mode,
            criteria=list(criteria),
            fixed_rates=list(fixed_rates),
            funding_shares=shares,
            response_deadline=response_deadline,
            direct_award_provider_id=direct_award_provider_id,
            direct_award_justification=(direct_award_justification or "").strip() or None,
            created_by=actor.id,
            created_at=now,
            changed_at=now,
            republished_from=republished_from,
        )
        call_off._decide(
            "drafted", now, actor,
            call_off.direct_award_justification or "",
            direct_award_provider_id,
            republished_from=str(republished_from) if republished_from else None,
        )
        return call_off

    @staticmethod
    def _check_direct_award(
        dps: KnownDps, kind: CallOffKind, provider_id: UUID | None, justification: str | None
    ) -> None:
        if kind is CallOffKind.DIRECT_AWARD:
            check_direct_award_allowed(dps)
            if provider_id is None or not (justification or "").strip():
                raise e.DirectAwardIncomplete(
                    "A direct award names one eligible member (direct_award_provider_id) and"
                    " records why (direct_award_justification: continuity of care, the"
                    " person's choice ...).",
                )
        elif provider_id is not None or (justification or "").strip():
            raise e.DirectAwardIncomplete(
                "Only a direct award names a provider; a mini-competition invites every"
                " eligible member.",
            )

    @staticmethod
    def _funding(dps: KnownDps, shares: list[FundingShare] | None) -> list[FundingShare]:
        """Who pays: by default the DPS's first buyer, in full; a joint commission splits it
        among the DPS's buyers, shares summing to 100%."""
        if not shares:
            return [FundingShare(buyer=dps.buyer_organisations[0], share_percent=100)]
        buyers = [s.buyer for s in shares]
        strangers = [b for b in buyers if b not in dps.buyer_organisations]
        if strangers or len(set(buyers)) != len(buyers) or sum(
            s.share_percent for s in shares
        ) != 100:
            raise e.InvalidFundingShares(
                "Funding shares name buyers of the DPS, each once, and sum to 100%.",
                buyers=list(dps.buyer_organisations),
            )
        return list(shares)

    # --- ending before close -------------------------------------------------------------------
    def cancel(self, *, reason: str, actor: Actor, now: datetime) -> None:
        """A commissioner cancels a draft or a published call-off, with a reason."""
        self._require_commissioner(actor)
        self._require(CallOffStatus.DRAFT, CallOffStatus.PUBLISHED, error=e.CannotCancel)
        reason = reason.strip()
        if not reason:
            raise e.ReasonRequired("Say why the call-off is cancelled.", field="reason")
        was_published = self.status is CallOffStatus.PUBLISHED
        self.status = CallOffStatus.CANCELLED
        self.outcome_reason = reason
        self.cancelled_by = actor.id
        if was_published:
            self.record(
                CallOffCancelled(
                    occurred_at=now, call_off_id=self.id, reason=reason, cancelled_by=actor.id
                )
            )
        self._decide("cancelled", now, actor, reason)

    def republish(
        self, *, new_id: UUID, requirement: Requirement, dps: KnownDps, kind: CallOffKind | None,
        response_deadline: datetime, direct_award_provider_id: UUID | None,
        direct_award_justification: str | None, actor: Actor, now: datetime,
    ) -> CallOff:
        """After an unsuccessful call-off: a new draft linked to this one, same terms (a
        direct award instead, where the regime allows)."""
        self._require_commissioner(actor)
        self._require(CallOffStatus.UNSUCCESSFUL, error=e.CannotRepublish)
        if self.republished_as is not None:
            raise e.CannotRepublish(
                f"Call-off {self.reference} was re-published already.",
                republished_as=str(self.republished_as),
            )
        successor = CallOff.drafted(
            id=new_id,
            requirement=requirement,
            dps=dps,
            kind=kind or self.kind,
            pricing_mode=self.pricing_mode,
            criteria=self.criteria,
            fixed_rates=self.fixed_rates,
            funding_shares=self.funding_shares,
            response_deadline=response_deadline,
            direct_award_provider_id=direct_award_provider_id,
            direct_award_justification=direct_award_justification,
            requirement_out=False,
            actor=actor,
            now=now,
            republished_from=self.id,
        )
        self.republished_as = new_id
        self._decide("republished", now, actor, f"as {successor.reference}")
        return successor

    def holds_requirement(self) -> bool:
        return self.status in LIVE
