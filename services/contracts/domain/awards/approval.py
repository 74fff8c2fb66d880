"""Approval under the scheme of delegation, and the standstill it starts (R14), which under
the Procurement Act waits for the assessment summaries (R15)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.contracts.domain import errors as e
from services.contracts.domain.awards.candidates import Candidate, CandidateStatus
from services.contracts.domain.awards.history import AwardAction
from services.contracts.domain.awards.offers import Offers
from services.contracts.domain.awards.state import SYSTEM, AwardStatus
from services.contracts.domain.delegation import CombinedScheme
from services.contracts.domain.market import Exclusions
from services.contracts.domain.standstill import standstill_for
from shared.actors import Actor, Role, require_role
from shared.events.contracts import AwardApproved


class Approval(Offers):
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

