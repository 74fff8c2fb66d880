"""The award's state and what every step reads or records: who the award is with, the
values that count, who may see what, and moving down the ranked list.

The award is one aggregate in layers that depend one way: ``state`` (this), ``offers``
(offer, accept, decline, lapse, exclusion), ``approval`` (approval and the standstill),
``award`` (made from the evaluation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.awards.candidates import DONE, Candidate, CandidateStatus
from services.contracts.domain.awards.history import AwardAction, AwardEntry
from services.contracts.domain.market import Exclusions
from services.contracts.domain.money import pounds
from services.contracts.domain.standstill import Standstill, needs_assessment_summaries
from shared.actors import Actor, require_visible, system_actor
from shared.domain import AggregateRoot
from shared.events.calloff import CallOffTerms, PriceLine
from shared.events.contracts import AwardRecommended, AwardUnsuccessful, CandidatePassedOver

SYSTEM = system_actor("contracts")


class AwardStatus(StrEnum):
    RECOMMENDED = "recommended"  # waiting for an approver
    APPROVED = "approved"  # in standstill, or waiting for the assessment summaries
    OFFERED = "offered"  # the provider may accept or decline until the offer expires
    AWARDED = "awarded"  # accepted: the contract is made
    UNSUCCESSFUL = "unsuccessful"  # no compliant response left


OPEN = frozenset({AwardStatus.RECOMMENDED, AwardStatus.APPROVED, AwardStatus.OFFERED})


@dataclass(frozen=True)
class RankedResponse:
    """A response as evaluated (from its ``ResponseRanked``)."""

    response_id: UUID
    provider_id: UUID
    compliant: bool
    rank: int | None
    total_score: Decimal
    annual_cost: Decimal | None
    whole_life_cost: Decimal | None
    prices: Sequence[PriceLine]


class UnknownRegime(e.RuleBroken):
    code = "unknown_regime"


class AwardState(AggregateRoot):
    def __init__(
        self, *, id: UUID, evaluation_id: UUID, terms: CallOffTerms, recommended_by: str,
        candidates: list[Candidate], created_at: datetime,
        summaries_sent_at: datetime | None = None,
    ) -> None:
        self.id = id
        self.call_off_id = terms.call_off_id
        self.evaluation_id = evaluation_id
        self.dps_id = terms.dps_id
        self.lot_id = terms.lot_id
        self.terms = terms
        self.recommended_by = recommended_by
        self.status = AwardStatus.RECOMMENDED
        self.candidates = candidates
        self.history: list[AwardEntry] = []
        self.approved_by: str | None = None
        self.approved_at: datetime | None = None
        self.approver_level: str | None = None
        self.standstill_days: int | None = None
        self.standstill_working_days: bool | None = None
        self.standstill_mandatory: bool | None = None
        self.standstill_ends_at: datetime | None = None
        #: Working days the provider has to answer, fixed when the recommendation is approved.
        self.offer_window_days: int | None = None
        self.summaries_sent_at = summaries_sent_at
        self.offered_at: datetime | None = None
        self.offer_expires_at: datetime | None = None
        self.due_at: datetime | None = None
        self.contract_id: UUID | None = None
        self.outcome_reason = ""
        self.created_at = created_at

    # --- reading ------------------------------------------------------------------------

    @property
    def current(self) -> Candidate | None:
        """The candidate the award is with now (recommended, approved, offered, accepted)."""
        return next(
            (c for c in self.candidates
             if c.status not in DONE and c.status is not CandidateStatus.WAITING),
            None,
        )

    @property
    def buyers(self) -> list[str]:
        """Every buyer funding the package: each one's scheme of delegation applies."""
        return [share.buyer for share in self.terms.funding_shares]

    def value_of(self, candidate: Candidate) -> Decimal:
        """The whole-life value that counts for approval: the response's own whole-life
        cost, or the call-off's whole-life value when the response was not priced."""
        if candidate.whole_life_cost is not None:
            return candidate.whole_life_cost
        return pounds(self.terms.whole_life_value)

    def annual_value_of(self, candidate: Candidate) -> Decimal:
        if candidate.annual_cost is not None:
            return candidate.annual_cost
        return pounds(self.terms.annual_value)

    def rates_of(self, candidate: Candidate) -> list[PriceLine]:
        return list(candidate.prices) or list(self.terms.fixed_rates)

    @property
    def standstill(self) -> Standstill | None:
        if self.standstill_days is None:
            return None
        return Standstill(
            self.standstill_days, bool(self.standstill_working_days),
            bool(self.standstill_mandatory),
        )

    @property
    def needs_summaries(self) -> bool:
        return needs_assessment_summaries(self.terms.regime)

    def require_visible_to(self, actor: Actor) -> None:
        """A provider sees an award only once its own response was approved (the award
        decision is then notified to it); to any other provider it does not exist."""
        mine = next(
            (c for c in self.candidates
             if c.provider_id == actor.provider_id and c.approved_at is not None),
            None,
        )
        require_visible(actor, mine.provider_id if mine else None, e.AwardNotFound.of(self.id))

    def candidates_for(self, actor: Actor) -> list[Candidate]:
        """What the caller may see of the candidates: a provider, only its own."""
        if not actor.is_provider:
            return list(self.candidates)
        return [c for c in self.candidates if c.provider_id == actor.provider_id]

    def history_for(self, actor: Actor) -> list[AwardEntry]:
        if not actor.is_provider:
            return list(self.history)
        return [h for h in self.history if h.provider_id == actor.provider_id]

    # --- internals ------------------------------------------------------------------------

    def _require_status(self, status: AwardStatus) -> Candidate:
        candidate = self.current
        if self.status is status and candidate is not None:
            return candidate
        if self.status in (AwardStatus.AWARDED, AwardStatus.UNSUCCESSFUL):
            raise e.AwardClosed(f"This award is {self.status}: nothing more can be decided.")
        if status is AwardStatus.RECOMMENDED:
            raise e.AwardAlreadyApproved(
                f"This recommendation was already approved (the award is {self.status})."
            )
        raise e.OfferNotOpen(f"The award is {self.status}.")

    def _pass_over(self, candidate: Candidate, reason: str, now: datetime) -> None:
        candidate.become(CandidateStatus.PASSED_OVER, now, reason)
        self._log(AwardAction.PASSED_OVER, now, SYSTEM, candidate, reason)
        self.record(CandidatePassedOver(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            response_id=candidate.response_id, provider_id=candidate.provider_id,
            rank=candidate.rank, reason=reason[: n.TEXT],
        ))

    def _recommend_next(self, now: datetime, exclusions: Exclusions) -> None:
        self._reset_steps()
        for candidate in self.candidates:
            if candidate.status is not CandidateStatus.WAITING:
                continue
            if candidate.provider_id in exclusions:
                self._pass_over(candidate, exclusions[candidate.provider_id], now)
                continue
            self.status = AwardStatus.RECOMMENDED
            candidate.become(CandidateStatus.RECOMMENDED, now)
            self._log(AwardAction.RECOMMENDED, now, SYSTEM, candidate,
                      f"rank {candidate.rank}, recommended by {self.recommended_by}")
            self.record(AwardRecommended(
                occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
                evaluation_id=self.evaluation_id, response_id=candidate.response_id,
                provider_id=candidate.provider_id, rank=candidate.rank,
                whole_life_value=self.value_of(candidate), recommended_by=self.recommended_by,
            ))
            return
        self.status = AwardStatus.UNSUCCESSFUL
        self.outcome_reason = self._why_unsuccessful()
        self._log(AwardAction.UNSUCCESSFUL, now, SYSTEM, None, self.outcome_reason)
        self.record(AwardUnsuccessful(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            reason=self.outcome_reason,
        ))

    def _reset_steps(self) -> None:
        self.approved_by = self.approved_at = self.approver_level = None
        self.standstill_days = self.standstill_working_days = None
        self.standstill_mandatory = None
        self.standstill_ends_at = None
        self.offer_window_days = None
        self.offered_at = self.offer_expires_at = self.due_at = None

    def _why_unsuccessful(self) -> str:
        if not self.candidates:
            return "No compliant response: the evaluation found none that could be awarded."
        counts = {s: sum(c.status is s for c in self.candidates) for s in DONE}
        parts = [f"{counts[s]} {s.value.replace('_', ' ')}" for s in (
            CandidateStatus.DECLINED, CandidateStatus.LAPSED, CandidateStatus.PASSED_OVER
        ) if counts[s]]
        return "No compliant response is left to offer: " + ", ".join(parts) + "."

    def _log(
        self, action: AwardAction, now: datetime, by: Actor, candidate: Candidate | None,
        why: str = "",
    ) -> None:
        self.history.append(AwardEntry(
            at=now, action=action, actor_id=by.id, actor_role=by.role.value, why=why[: n.TEXT],
            response_id=candidate.response_id if candidate else None,
            provider_id=candidate.provider_id if candidate else None,
        ))


def bounded_money(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    if not 0 <= amount <= n.MONEY_MAX:
        raise e.ValueOutOfRange(
            f"£{amount} is not an amount this service keeps (0 to £{n.MONEY_MAX:,}).",
            value=amount,
        )
    return pounds(amount)
