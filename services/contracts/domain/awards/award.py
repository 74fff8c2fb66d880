"""The award of one evaluated call-off: recommendation, approval under the scheme of
delegation, standstill, offer, and down the ranked list on a decline, a lapse or an
exclusion, until a contract is signed or no compliant response is left.

    recommended --approve--> approved --(standstill over, summaries sent)--> offered
    offered --accept--> awarded (the contract is made)
    approved | offered --decline / lapse / exclusion (R9)--> recommended (the next) | unsuccessful

Every move is recorded in ``history`` (who, when, why) and as an event (``dps.contracts.*``).
The recommendation is the evaluation's (``recommended_by`` is who completed it) for every
response down the list, so whoever made it never approves any of them.
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
from services.contracts.domain.delegation import CombinedScheme
from services.contracts.domain.market import Exclusions
from services.contracts.domain.money import pounds
from services.contracts.domain.standstill import (
    Standstill,
    needs_assessment_summaries,
    rules_of,
    standstill_for,
)
from shared.actors import Actor, Role, require_role, require_visible, system_actor
from shared.domain import AggregateRoot
from shared.events.calloff import CallOffTerms, PriceLine
from shared.events.contracts import (
    AwardApproved,
    AwardOffered,
    AwardRecommended,
    AwardUnsuccessful,
    CandidatePassedOver,
    OfferAccepted,
    OfferDeclined,
)
from shared.workdays import working_day_deadline

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


class Award(AggregateRoot):
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

    # --- from the evaluation ------------------------------------------------------------

    @classmethod
    def from_evaluation(
        cls, *, award_id: UUID, evaluation_id: UUID, terms: CallOffTerms,
        ranked: Sequence[RankedResponse], recommended_response_id: UUID | None,
        recommended_by: str, summaries_sent_at: datetime | None, now: datetime,
        exclusions: Exclusions,
    ) -> Award:
        """The award of an evaluated call-off: its compliant responses in rank order (the
        evaluation's recommendation first), and the first that may be awarded recommended."""
        try:
            rules_of(terms.regime, terms.rules_effective_from)
        except (ValueError, LookupError):
            raise UnknownRegime(
                f"The call-off's regime {terms.regime!r} with rules from"
                f" {terms.rules_effective_from} is not one this service knows.",
                regime=terms.regime,
            ) from None
        compliant = sorted(
            (r for r in ranked if r.compliant and r.rank is not None),
            key=lambda r: (r.response_id != recommended_response_id, r.rank),
        )
        candidates = [
            Candidate(
                response_id=r.response_id, provider_id=r.provider_id, rank=r.rank or 0,
                total_score=r.total_score,
                annual_cost=_money(r.annual_cost), whole_life_cost=_money(r.whole_life_cost),
                prices=list(r.prices),
            )
            for r in compliant
        ]
        _money(terms.whole_life_value)
        award = cls(
            id=award_id, evaluation_id=evaluation_id, terms=terms,
            recommended_by=recommended_by, candidates=candidates, created_at=now,
            summaries_sent_at=summaries_sent_at,
        )
        award._recommend_next(now, exclusions)
        return award

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

    # --- approval -------------------------------------------------------------------------

    def approve(
        self, approver: Actor, scheme: CombinedScheme, now: datetime, *,
        voluntary_standstill: bool, why: str, offer_window_days: int, exclusions: Exclusions,
        response_id: UUID | None = None,
    ) -> Candidate:
        """Approve the recommendation under the scheme of delegation (R14 standstill from
        here); offered at once when nothing is left to wait for. ``response_id``: the
        recommendation the approver read, refused if another has taken its place since."""
        require_role(approver, Role.APPROVER)
        candidate = self._require_status(AwardStatus.RECOMMENDED)
        if response_id is not None and response_id != candidate.response_id:
            raise e.RecommendationChanged(
                "The recommendation changed since you read it (a decline, a lapse or an"
                " exclusion moved it on): read the award again.",
                response_id=str(candidate.response_id),
            )
        if approver.id == self.recommended_by:
            raise e.OwnRecommendation(
                "You made this recommendation (you completed the evaluation): another"
                " approver must approve it.",
            )
        value = self.value_of(candidate)
        level = scheme.check_approver(approver, value)
        standstill = standstill_for(
            self.terms.regime, self.terms.rules_effective_from,
            above_threshold=self.terms.above_threshold, voluntary=voluntary_standstill,
        )
        self.status = AwardStatus.APPROVED
        self.approved_by, self.approved_at, self.approver_level = approver.id, now, level.code
        candidate.approved_at = now
        candidate.become(CandidateStatus.APPROVED, now)
        self.offer_window_days = offer_window_days
        if standstill is not None:
            self.standstill_days = standstill.days
            self.standstill_working_days = standstill.working_days
            self.standstill_mandatory = standstill.mandatory
        else:
            self.standstill_days = self.standstill_working_days = None
            self.standstill_mandatory = None
        self.standstill_ends_at = self._standstill_end(now)
        detail = f"at level {level.title}; standstill: " + (
            standstill.describe() if standstill else "none"
        )
        self._log(AwardAction.APPROVED, now, approver, candidate, f"{why} ({detail})".strip())
        self.record(AwardApproved(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            response_id=candidate.response_id, provider_id=candidate.provider_id,
            approved_by=approver.id, approver_level=level.code, whole_life_value=value,
            standstill_ends_at=self.standstill_ends_at,
        ))
        self._offer_if_ready(now, exclusions)
        return candidate

    def _standstill_end(self, now: datetime) -> datetime | None:
        standstill = self.standstill
        if standstill is None:
            return None
        if self.needs_summaries and self.summaries_sent_at is None:
            return None  # it starts when the summaries are sent (R15)
        start = max(now, self.summaries_sent_at) if self.summaries_sent_at else now
        return standstill.ends_at(start)

    def summaries_sent(self, sent_at: datetime, now: datetime, exclusions: Exclusions) -> None:
        """Every assessed provider was sent its assessment summary (R15)."""
        if self.summaries_sent_at is not None:
            return
        self.summaries_sent_at = sent_at
        self._log(AwardAction.ASSESSMENT_SUMMARIES_SENT, now, SYSTEM, None,
                  f"sent {sent_at.isoformat()}")
        if self.status is AwardStatus.APPROVED:
            if self.standstill is not None and self.standstill_ends_at is None:
                self.standstill_ends_at = self.standstill.ends_at(max(now, sent_at))
            self._offer_if_ready(now, exclusions)

    # --- offer ----------------------------------------------------------------------------

    def _ready_to_offer(self, now: datetime) -> bool:
        if self.needs_summaries and self.summaries_sent_at is None:
            return False
        if self.standstill is None:
            return True
        return self.standstill_ends_at is not None and now > self.standstill_ends_at

    def _offer_if_ready(self, now: datetime, exclusions: Exclusions) -> None:
        candidate = self.current
        if self.status is not AwardStatus.APPROVED or candidate is None:
            return
        if not self._ready_to_offer(now):
            self.due_at = self.standstill_ends_at
            return
        if candidate.provider_id in exclusions:
            self._pass_over(candidate, exclusions[candidate.provider_id], now)
            self._recommend_next(now, exclusions)
            return
        self.status = AwardStatus.OFFERED
        self.offered_at = now
        self.offer_expires_at = working_day_deadline(now, self.offer_window_days or 1)
        self.due_at = self.offer_expires_at
        candidate.become(CandidateStatus.OFFERED, now)
        self._log(AwardAction.OFFERED, now, SYSTEM, candidate,
                  f"answer by {self.offer_expires_at.isoformat()}")
        self.record(AwardOffered(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            response_id=candidate.response_id, provider_id=candidate.provider_id,
            offer_expires_at=self.offer_expires_at,
        ))

    def accept(self, provider: Actor, now: datetime, exclusions: Exclusions) -> Candidate:
        """The provider signs: the contract is made (the caller creates it)."""
        candidate = self._require_own_turn(provider)
        if self.status is AwardStatus.APPROVED:
            if self.needs_summaries and self.summaries_sent_at is None:
                raise e.AssessmentSummariesNotSent(
                    "Not every assessed provider has been sent its assessment summary yet"
                    " (Procurement Act 2023 s.50): the contract cannot be signed before.",
                )
            raise e.StandstillNotOver(
                "The standstill period has not ended: the contract cannot be signed before"
                + (f" {self.standstill_ends_at.isoformat()}." if self.standstill_ends_at
                   else " it starts and ends."),
                standstill_ends_at=self.standstill_ends_at,
            )
        if self.offer_expires_at is not None and now > self.offer_expires_at:
            raise e.OfferExpired(
                f"The offer expired at {self.offer_expires_at.isoformat()}.",
                offer_expired_at=self.offer_expires_at,
            )
        if candidate.provider_id in exclusions:
            raise e.ProviderExcluded(
                f"This award cannot be made to you: {exclusions[candidate.provider_id]}.",
            )
        self.status = AwardStatus.AWARDED
        self.due_at = None
        candidate.become(CandidateStatus.ACCEPTED, now)
        self._log(AwardAction.ACCEPTED, now, provider, candidate)
        self.record(OfferAccepted(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            provider_id=candidate.provider_id,
        ))
        return candidate

    def contract_made(self, contract_id: UUID) -> None:
        self.contract_id = contract_id

    def decline(
        self, provider: Actor, reason: str, now: datetime, exclusions: Exclusions
    ) -> None:
        """The provider declines (before or after the offer): the next ranked response."""
        if not reason.strip():
            raise e.ReasonRequired("Say why you decline the offer.")
        candidate = self._require_own_turn(provider)
        self._close_offer(candidate, CandidateStatus.DECLINED, AwardAction.DECLINED, provider,
                          reason, now, timed_out=False)
        self._recommend_next(now, exclusions)

    def tick(self, now: datetime, exclusions: Exclusions) -> None:
        """What time does: an expired offer lapses; a standstill that ended lets the offer go."""
        if self.status is AwardStatus.OFFERED and self.offer_expires_at is not None \
                and now > self.offer_expires_at:
            candidate = self.current
            assert candidate is not None
            self._close_offer(
                candidate, CandidateStatus.LAPSED, AwardAction.LAPSED, SYSTEM,
                f"no answer by {self.offer_expires_at.isoformat()}", now, timed_out=True,
            )
            self._recommend_next(now, exclusions)
        elif self.status is AwardStatus.APPROVED:
            self._offer_if_ready(now, exclusions)

    def provider_excluded(self, provider_id: UUID, reason: str, now: datetime,
                          exclusions: Exclusions) -> bool:
        """R9: the provider's membership of the lot was suspended or removed; if the award
        is with it, it is passed over and the next ranked response recommended."""
        candidate = self.current
        if self.status not in OPEN or candidate is None or candidate.provider_id != provider_id:
            return False
        self._pass_over(candidate, reason, now)
        self._recommend_next(now, exclusions)
        return True

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

    def _require_own_turn(self, provider: Actor) -> Candidate:
        require_role(provider, Role.PROVIDER)
        self.require_visible_to(provider)
        candidate = self.current
        if (
            self.status not in (AwardStatus.APPROVED, AwardStatus.OFFERED)
            or candidate is None
            or candidate.provider_id != provider.provider_id
        ):
            raise e.OfferNotOpen(
                f"There is no offer open to you on this award (it is {self.status})."
            )
        return candidate

    def _close_offer(
        self, candidate: Candidate, status: CandidateStatus, action: AwardAction, by: Actor,
        reason: str, now: datetime, *, timed_out: bool,
    ) -> None:
        candidate.become(status, now, reason)
        self._log(action, now, by, candidate, reason)
        self.record(OfferDeclined(
            occurred_at=now, award_id=self.id, call_off_id=self.call_off_id,
            provider_id=candidate.provider_id, reason=reason[: n.TEXT], timed_out=timed_out,
        ))

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


def _money(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    if not 0 <= amount <= n.MONEY_MAX:
        raise e.ValueOutOfRange(
            f"£{amount} is not an amount this service keeps (0 to £{n.MONEY_MAX:,}).",
            value=amount,
        )
    return pounds(amount)
