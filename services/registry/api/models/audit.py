from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.registry.api.models.base import Read


class DecisionRead(Read):
    """One decision: who (opaque user id and role), when, on what, what, and why."""

    id: UUID
    at: datetime
    subject_type: str
    subject_id: UUID
    action: str
    actor_id: str
    actor_role: str
    why: str
