from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.registry.api.models.base import Read
from services.registry.domain.audit import AuditAction


class DecisionRead(Read):
    """One decision: who (opaque user id and role), when, on what, what, and why."""

    id: UUID
    at: datetime
    subject_type: str
    subject_id: UUID
    subject_name: str
    action: AuditAction
    reason_code: str | None
    actor_id: str
    actor_role: str
    why: str
