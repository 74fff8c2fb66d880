"""The audit trail: every decision a person makes is kept with who, when, what and why.

Aggregates append ``Decision`` rows to their own ``decisions`` list; ``export_audit_trail``
merges them from any number of aggregates into one time-ordered, exportable trail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid4

from services.registry.domain.actors import Actor

EXPORT_COLUMNS = ["at", "subject_type", "subject_id", "action", "actor_id", "actor_role", "why"]


@dataclass(eq=False)
class Decision:
    """One recorded decision (admission, rejection, suspension, a change to a DPS ...)."""

    subject_type: str
    subject_id: UUID
    action: str
    actor_id: str
    actor_role: str
    at: datetime
    why: str = ""
    id: UUID = field(default_factory=uuid4)

    def as_row(self) -> dict[str, str]:
        return {
            "at": self.at.isoformat(),
            "subject_type": self.subject_type,
            "subject_id": str(self.subject_id),
            "action": self.action,
            "actor_id": self.actor_id,
            "actor_role": self.actor_role,
            "why": self.why,
        }


class HasDecisions(Protocol):
    decisions: list[Decision]


def new_decision(
    subject_type: str, subject_id: UUID, action: str, by: Actor, at: datetime, why: str = ""
) -> Decision:
    if at.tzinfo is None:
        raise ValueError("decisions need a timezone-aware time")
    return Decision(subject_type, subject_id, action, by.id, by.role.value, at, why)


def export_audit_trail(*aggregates: HasDecisions) -> list[dict[str, str]]:
    """Every decision on the given aggregates, oldest first."""
    decisions: Iterable[Decision] = (d for agg in aggregates for d in agg.decisions)
    return [d.as_row() for d in sorted(decisions, key=lambda d: d.at)]


def audit_trail_csv(*aggregates: HasDecisions) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(export_audit_trail(*aggregates))
    return out.getvalue()
