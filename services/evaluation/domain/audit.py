"""The evaluation's record: every decision with who, when, on what, and why.

A challenged award is won or lost on this record, so nothing here is ever changed or
removed: a revised score is a new decision, not an edit of the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from shared.actors import Actor


class AuditAction(StrEnum):
    OPENED = "opened"
    SCALE_SET = "scale_set"
    EVALUATOR_ASSIGNED = "evaluator_assigned"
    EVALUATOR_REMOVED = "evaluator_removed"
    MODERATOR_APPOINTED = "moderator_appointed"
    NO_CONFLICT_DECLARED = "no_conflict_declared"
    CONFLICT_DECLARED = "conflict_declared"
    SCORES_WITHDRAWN = "scores_withdrawn"
    SCORED = "scored"
    RESCORED = "rescored"
    MODERATED = "moderated"
    MODERATION_REVISED = "moderation_revised"
    CLARIFICATION_ACCEPTED = "clarification_accepted"
    CLARIFICATION_REJECTED = "clarification_rejected"
    COMPLETED = "completed"
    SUMMARIES_SENT = "summaries_sent"


@dataclass(eq=False)
class Decision:
    at: datetime
    action: AuditAction
    actor_id: str
    actor_role: str
    why: str = ""
    response_id: UUID | None = None
    provider_id: UUID | None = None
    criterion_code: str | None = None
    score: int | None = None
    #: Whom the decision is about when it is a person (an evaluator assigned, a moderator).
    person_id: str | None = None
    id: UUID = field(default_factory=uuid4)


def decided(
    action: AuditAction, by: Actor, at: datetime, why: str = "", *,
    response_id: UUID | None = None, provider_id: UUID | None = None,
    criterion_code: str | None = None, score: int | None = None, person_id: str | None = None,
) -> Decision:
    return Decision(at=at, action=action, actor_id=by.id, actor_role=by.role.value, why=why,
                    response_id=response_id, provider_id=provider_id,
                    criterion_code=criterion_code, score=score, person_id=person_id)
