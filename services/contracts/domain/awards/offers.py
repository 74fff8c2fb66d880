"""The offer: the provider approved is offered the contract once nothing is left to wait
for; it accepts (signs) or declines, or lets the offer lapse; an exclusion (R9) passes it
over. Each of these but signing moves the award to the next ranked response."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.awards.candidates import Candidate, CandidateStatus
from services.contracts.domain.awards.history import AwardAction
from services.contracts.domain.awards.state import OPEN, SYSTEM, AwardState, AwardStatus
from services.contracts.domain.market import Exclusions
from shared.actors import Actor, Role, require_role
from shared.events.contracts import AwardOffered, OfferAccepted, OfferDeclined
from shared.workdays import working_day_deadline


class Offers(AwardState):
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

