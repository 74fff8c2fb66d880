"""An award's record of every decision, with who, when and why (R23)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4


class AwardAction(StrEnum):
    RECOMMENDED = "recommended"
    PASSED_OVER = "passed_over"
    APPROVED = "approved"
    ASSESSMENT_SUMMARIES_SENT = "assessment_summaries_sent"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"
    UNSUCCESSFUL = "unsuccessful"


@dataclass(eq=False)
class AwardEntry:
    at: datetime
    action: AwardAction
    actor_id: str
    actor_role: str
    why: str = ""
    response_id: UUID | None = None
    provider_id: UUID | None = None
    id: UUID = field(default_factory=uuid4)
