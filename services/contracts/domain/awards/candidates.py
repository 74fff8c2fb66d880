"""The responses an award may go to: the compliant ones, in the evaluation's rank order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from shared.events.calloff import PriceLine


class CandidateStatus(StrEnum):
    WAITING = "waiting"  # not reached yet
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"  # the offer window passed without an answer
    PASSED_OVER = "passed_over"  # R9: membership suspended or removed


#: A candidate the award has finished with, one way or another.
DONE = frozenset(
    {CandidateStatus.DECLINED, CandidateStatus.LAPSED, CandidateStatus.PASSED_OVER}
)


@dataclass(eq=False)
class Candidate:
    response_id: UUID
    provider_id: UUID
    rank: int
    total_score: Decimal
    #: From the response's ``ResponseRanked``; None when the response was not priced.
    annual_cost: Decimal | None
    whole_life_cost: Decimal | None
    prices: list[PriceLine]
    status: CandidateStatus = CandidateStatus.WAITING
    reason: str = ""
    changed_at: datetime | None = None
    #: When its recommendation was approved: the award decision is then notified to it.
    approved_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)

    def become(self, status: CandidateStatus, at: datetime, reason: str = "") -> None:
        self.status = status
        self.changed_at = at
        if reason:
            self.reason = reason
