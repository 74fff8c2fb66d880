"""The audit trail: every decision is kept with who, when, on what, what and why.

Aggregates append ``Decision`` rows to their own ``decisions`` list. Actions come from one
vocabulary (``AuditAction``: what happened, in the past tense), and each decision names its
subject (the DPS's or the provider's name) as well as its id, so the trail reads on its own.
``audit_csv`` is the one export as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from services.registry.domain.actors import Actor


class AuditAction(StrEnum):
    # a DPS
    SET_UP = "set_up"
    OPENED = "opened"
    CLOSED = "closed"
    EXPIRED = "expired"
    EXTENSION_EXERCISED = "extension_exercised"
    LOT_ADDED = "lot_added"
    QUESTION_ADDED = "question_added"
    REQUIRED_DOCUMENT_ADDED = "required_document_added"
    LOT_ADMISSIONS_STOPPED = "lot_admissions_stopped"
    LOT_ADMISSIONS_RESUMED = "lot_admissions_resumed"
    CRITERION_ADDED = "criterion_added"
    RATE_CARD_ADDED = "rate_card_added"
    WINDOW_SCHEDULED = "window_scheduled"
    WINDOW_CLOSED_EARLY = "window_closed_early"
    # an application
    SUBMITTED = "submitted"
    REVIEW_STARTED = "review_started"
    DECISION_EXTENDED = "decision_extended"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    # a membership
    MEMBERSHIP_STARTED = "membership_started"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    REMOVED = "removed"
    REDECLARATION_REQUESTED = "redeclaration_requested"
    REDECLARED = "redeclared"
    # a provider
    REGISTERED = "registered"
    DETAILS_CHANGED = "details_changed"
    CONTACT_ADDED = "contact_added"
    CONTACT_CHANGED = "contact_changed"
    CONTACT_REMOVED = "contact_removed"
    AREAS_CHANGED = "areas_changed"
    CAPACITY_CHANGED = "capacity_changed"
    DOCUMENT_DECLARED = "document_declared"


EXPORT_COLUMNS = [
    "at", "subject_type", "subject_id", "subject_name", "action", "reason_code", "actor_id",
    "actor_role", "why",
]


@dataclass(eq=False)
class Decision:
    """One recorded decision (admission, rejection, suspension, a change to a DPS ...)."""

    subject_type: str
    subject_id: UUID
    action: AuditAction
    actor_id: str
    actor_role: str
    at: datetime
    why: str = ""
    #: The name of what was decided on: the DPS's, or the provider's organisation name.
    subject_name: str = ""
    #: The coded reason, where the decision has one (``safeguarding``, ``provider_request``).
    reason_code: str | None = None
    id: UUID = field(default_factory=uuid4)

    def as_row(self) -> dict[str, str]:
        return {
            "at": self.at.isoformat(),
            "subject_type": self.subject_type,
            "subject_id": str(self.subject_id),
            "subject_name": self.subject_name,
            "action": AuditAction(self.action).value,
            "reason_code": self.reason_code or "",
            "actor_id": self.actor_id,
            "actor_role": self.actor_role,
            "why": self.why,
        }


def new_decision(
    subject_type: str, subject_id: UUID, subject_name: str, action: AuditAction, by: Actor,
    at: datetime, why: str = "", *, reason_code: str | None = None,
) -> Decision:
    if at.tzinfo is None:
        raise ValueError("decisions need a timezone-aware time")
    return Decision(
        subject_type, subject_id, AuditAction(action), by.id, by.role.value, at, why,
        subject_name, reason_code,
    )


def _cell(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return before
    # one) as a formula: free text is neutralised with a leading quote.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def audit_csv(decisions: Iterable[Decision]) -> str:
    """The trail as CSV, one decision a row, in the columns of the JSON export."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for decision in decisions:
        writer.writerow({k: _cell(v) for k, v in decision.as_row().items()})
    return out.getvalue()
