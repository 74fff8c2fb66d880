"""The call-off aggregate's state, and what every layer of it shares.

A call-off goes ``draft -> published -> closed -> awarded``; or ends ``unsuccessful`` (no
valid response at close, or no provider left to award: re-publication or a direct award
follow) or ``cancelled`` (by a commissioner, before it closes). Its events are one
aggregate (``call_off``) so every consumer applies them in order. The layers depend one
way: this module, then ``call_off_drafting`` and ``call_off_publication``,
``call_off_invitees``, ``call_off_closing``, and ``call_offs`` on top.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain.criteria import CriterionChoice, PricingMode
from services.calloff.domain.responses import Decision
from shared.actors import Actor, Role, require_role
from shared.domain import AggregateRoot
from shared.dpsview.model import KnownDps, KnownDpsStatus, KnownLot, LotNotKnown
from shared.errors import DomainError
from shared.events.calloff import CallOffTerms, FundingShare, Omission, PriceLine
from shared.regimes import Regime, RegimeRules, rules_for
from shared.workdays import local_date


class CallOffStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    UNSUCCESSFUL = "unsuccessful"
    CANCELLED = "cancelled"
    AWARDED = "awarded"


class CallOffKind(StrEnum):
    MINI_COMPETITION = "mini_competition"
    DIRECT_AWARD = "direct_award"


#: A call-off in one of these holds its requirement: the advertised details are out.
LIVE = frozenset({CallOffStatus.PUBLISHED, CallOffStatus.CLOSED, CallOffStatus.AWARDED})


def new_reference(now: datetime) -> str:
    return f"CO-{now.year}-{secrets.token_hex(4).upper()}"


def dps_rules(dps: KnownDps) -> RegimeRules:
    """The rule set the DPS keeps for life: the one in force on the day it opened."""
    return rules_for(dps.regime, on=local_date(dps.opened_at))


def lot_of(dps: KnownDps, lot_id: UUID) -> KnownLot:
    try:
        return dps.lot(lot_id)
    except LotNotKnown:
        raise e.UnknownLot(
            f"{dps.name} has no lot {lot_id} (as far as the call-off service knows).",
            lot_id=str(lot_id),
        ) from None


def check_dps_takes_call_offs(dps: KnownDps, today: date) -> RegimeRules:
    """The DPS is open, and its regime still allows a call-off today (R1)."""
    if dps.status is not KnownDpsStatus.OPEN:
        raise e.DpsNotOpen(f"{dps.name} is {dps.status.value}: it takes no new call-offs.")
    rules = dps_rules(dps)
    if rules.latest_end is not None and today > rules.latest_end:
        raise e.DpsRegimeEnded(
            f"{rules.label}: no call-off may be made under it after"
            f" {rules.latest_end:%d %b %Y}.",
            latest_end=rules.latest_end.isoformat(),
        )
    if today > dps.current_end_on:
        raise e.DpsNotOpen(f"{dps.name}'s term ended on {dps.current_end_on:%d %b %Y}.")
    return rules


def check_direct_award_allowed(dps: KnownDps) -> None:
    rules = dps_rules(dps)
    if rules.invite_every_member:
        raise e.DirectAwardNotAllowed(
            f"{rules.label}: every eligible member of the lot must be invited, so a call-off"
            " under it cannot be a direct award.",
            regime=Regime(dps.regime).value,
        )


@dataclass(eq=False)
class CallOffCore(AggregateRoot):
    aggregate_type: ClassVar[str] = "call_off"

    id: UUID
    reference: str
    requirement_id: UUID
    dps_id: UUID
    lot_id: UUID
    kind: CallOffKind
    pricing_mode: PricingMode
    criteria: list[CriterionChoice]
    fixed_rates: list[PriceLine]
    funding_shares: list[FundingShare]
    response_deadline: datetime
    created_by: str
    created_at: datetime
    changed_at: datetime
    status: CallOffStatus = CallOffStatus.DRAFT
    direct_award_provider_id: UUID | None = None
    direct_award_justification: str | None = None
    published_at: datetime | None = None
    #: Everything a later stage needs, frozen at publication.
    terms: CallOffTerms | None = None
    invitee_count: int = 0
    omitted: list[Omission] = field(default_factory=list)
    #: Published with a period shorter than the regime's minimum (every invitee consented).
    short_period: bool = False
    closed_at: datetime | None = None
    closed_early: bool = False
    #: Why it was cancelled, or why it ended without a contract.
    outcome_reason: str | None = None
    cancelled_by: str | None = None
    contract_id: UUID | None = None
    awarded_provider_id: UUID | None = None
    awarded_provider_name: str | None = None
    awarded_at: datetime | None = None
    republished_from: UUID | None = None
    republished_as: UUID | None = None
    version: int = 0
    #: Decisions taken since it was loaded; the store appends them to the audit trail.
    new_decisions: list[Decision] = field(default_factory=list, repr=False)

    # --- shared checks -----------------------------------------------------------------------
    def _require(self, *statuses: CallOffStatus, error: type[DomainError]) -> None:
        if self.status not in statuses:
            allowed = " or ".join(s.value for s in statuses)
            raise error(
                f"Call-off {self.reference} is {self.status.value}; this needs it {allowed}.",
                status=self.status.value,
            )

    def _require_commissioner(self, actor: Actor) -> None:
        require_role(actor, Role.COMMISSIONER)

    def responses_sealed_for(self, actor: Actor) -> bool:
        """THE sealing rule: the council side reads responses' content only once the call-off
        has closed (at its deadline, or early); a provider always reads its own (and only
        its own: the repositories never hand it another's)."""
        return not actor.is_provider and self.closed_at is None

    def published_terms(self) -> CallOffTerms:
        if self.terms is None:
            raise e.CallOffNotPublished(f"Call-off {self.reference} has not been published.")
        return self.terms

    def _decide(
        self, action: str, at: datetime, actor: Actor, why: str = "",
        provider_id: UUID | None = None, **details: Any,
    ) -> None:
        self.new_decisions.append(
            Decision(at=at, action=action, actor_id=actor.id, actor_role=actor.role.value,
                     why=why, provider_id=provider_id, details=details)
        )
        self.changed_at = at
