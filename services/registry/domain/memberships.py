"""Memberships: a provider admitted to a lot. Active members may be invited to call-offs.

active -> suspended -> active again (reinstated); active or suspended -> removed, which is
final: a removed provider must apply again and gets a new membership if admitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from services.registry.domain import errors as e
from services.registry.domain.actors import SYSTEM, Actor, Role, require_owner, require_role
from services.registry.domain.audit import AuditAction, Decision, new_decision
from shared.domain import AggregateRoot
from shared.events.registry import (
    MembershipRedeclarationRequested,
    MembershipReinstated,
    MembershipRemoved,
    MembershipSuspended,
    ProviderAdmitted,
)
from shared.workdays import working_day_deadline


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class SuspensionReason(StrEnum):
    SAFEGUARDING = "safeguarding"
    EXPIRED_DOCUMENT = "expired_document"
    MISSED_REDECLARATION = "missed_redeclaration"
    EXCLUSION_GROUND = "exclusion_ground"


class RemovalReason(StrEnum):
    #: A mandatory exclusion ground applies: removal is required.
    MANDATORY_EXCLUSION = "mandatory_exclusion"
    #: A discretionary exclusion ground applies and the council decided to remove.
    DISCRETIONARY_EXCLUSION = "discretionary_exclusion"
    PROVIDER_REQUEST = "provider_request"
    CEASED_TRADING = "ceased_trading"
    OTHER = "other"


@dataclass(eq=False)
class Redeclaration:
    """A member's copy of a re-declaration request, and whether it answered in time."""

    request_id: UUID
    requested_at: datetime
    due_at: datetime
    answered_at: datetime | None = None
    missed: bool = False
    id: UUID = field(default_factory=uuid4)

    @property
    def outstanding(self) -> bool:
        return self.answered_at is None


class Membership(AggregateRoot):
    def __init__(
        self, *, dps_id: UUID, lot_id: UUID, provider_id: UUID, provider_name: str,
        application_id: UUID, admitted_at: datetime, id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.dps_id = dps_id
        self.lot_id = lot_id
        self.provider_id = provider_id
        #: The organisation's name when admitted (the audit trail names who, not only an id).
        self.provider_name = provider_name
        self.application_id = application_id
        self.admitted_at = admitted_at
        self.status = MembershipStatus.ACTIVE
        self.suspension_reason: SuspensionReason | None = None
        self.suspended_at: datetime | None = None
        self.removal_reason: RemovalReason | None = None
        self.removed_at: datetime | None = None
        self.redeclarations: list[Redeclaration] = []
        self.decisions: list[Decision] = []

    @classmethod
    def start(
        cls, *, dps_id: UUID, lot_id: UUID, provider_id: UUID, provider_name: str,
        application_id: UUID, areas_served: list[str], capacity: int | None,
        cqc_provider_id: str | None, now: datetime, by: Actor, why: str,
    ) -> Membership:
        """A new member, announced so call-offs can invite it (see ``admission.admit``)."""
        require_role(by, Role.COMMISSIONER)
        m = cls(dps_id=dps_id, lot_id=lot_id, provider_id=provider_id,
                provider_name=provider_name, application_id=application_id, admitted_at=now)
        m._decide(AuditAction.MEMBERSHIP_STARTED, now, by, why)
        m.record(ProviderAdmitted(
            occurred_at=now, dps_id=dps_id, lot_id=lot_id, provider_id=provider_id,
            membership_id=m.id, application_id=application_id, provider_name=provider_name,
            areas_served=list(areas_served), capacity=capacity, cqc_provider_id=cqc_provider_id,
            decided_by=by.id,
        ))
        return m

    @property
    def is_active(self) -> bool:
        """Only an active member is invited to call-offs."""
        return self.status is MembershipStatus.ACTIVE

    @property
    def is_current(self) -> bool:
        return self.status is not MembershipStatus.REMOVED

    def awaits_redeclaration(self, now: datetime) -> bool:
        """A re-declaration request is open for this member: unanswered and not yet due."""
        return any(r.outstanding and now <= r.due_at for r in self.redeclarations)

    # --- suspension, reinstatement, removal ---------------------------------------------

    def suspend(self, reason: SuspensionReason, now: datetime, by: Actor, why: str = "") -> None:
        if by is not SYSTEM:
            require_role(by, Role.COMMISSIONER)
        self._require_not_removed()
        if self.status is not MembershipStatus.ACTIVE:
            raise e.MembershipNotActive(
                f"The membership is already suspended ({self.suspension_reason});"
                " reinstate it first."
            )
        reason = SuspensionReason(reason)
        self.status = MembershipStatus.SUSPENDED
        self.suspension_reason = reason
        self.suspended_at = now
        self._decide(AuditAction.SUSPENDED, now, by, why, reason_code=reason.value)
        self.record(MembershipSuspended(occurred_at=now, **self._ids(), reason_code=reason.value))

    def reinstate(self, now: datetime, by: Actor, why: str) -> None:
        require_role(by, Role.COMMISSIONER)
        self._require_not_removed()
        if self.status is not MembershipStatus.SUSPENDED:
            raise e.MembershipNotSuspended("Only a suspended membership can be reinstated.")
        if not why.strip():
            raise e.ReasonRequired("Say why the suspension is lifted.")
        self.status = MembershipStatus.ACTIVE
        self.suspension_reason = None
        self.suspended_at = None
        self._decide(AuditAction.REINSTATED, now, by, why)
        self.record(MembershipReinstated(occurred_at=now, **self._ids()))

    def remove(self, reason: RemovalReason, now: datetime, by: Actor, why: str) -> None:
        """Final. A mandatory exclusion ground requires this; nothing undoes it."""
        reason = RemovalReason(reason)
        if reason is RemovalReason.PROVIDER_REQUEST:
            self._require_own(by)
        else:
            require_role(by, Role.COMMISSIONER)
        self._require_not_removed()
        if not why.strip():
            raise e.ReasonRequired("Say why the provider is removed.")
        self.status = MembershipStatus.REMOVED
        self.removal_reason = reason
        self.removed_at = now
        self._decide(AuditAction.REMOVED, now, by, why, reason_code=reason.value)
        self.record(MembershipRemoved(occurred_at=now, **self._ids(), reason_code=reason.value))

    # --- re-declaration -----------------------------------------------------------------

    def request_redeclaration(
        self, request_id: UUID, now: datetime, by: Actor, *, working_days: int = 5
    ) -> Redeclaration:
        require_role(by, Role.COMMISSIONER)
        self._require_not_removed()
        item = Redeclaration(request_id, now, working_day_deadline(now, working_days))
        self.redeclarations.append(item)
        self._decide(
            AuditAction.REDECLARATION_REQUESTED, now, by, f"due {item.due_at.isoformat()}"
        )
        self.record(MembershipRedeclarationRequested(
            occurred_at=now, **self._ids(), request_id=request_id, due_at=item.due_at
        ))
        return item

    def redeclare(self, now: datetime, by: Actor, note: str = "") -> Redeclaration:
        """The provider confirms (or updates) its declaration for the oldest open request."""
        self._require_own(by)
        self._require_not_removed()
        item = next((r for r in self.redeclarations if r.outstanding), None)
        if item is None:
            raise e.RedeclarationNotFound("There is no re-declaration waiting for an answer.")
        item.answered_at = now
        self._decide(AuditAction.REDECLARED, now, by, note)
        return item

    def check_redeclarations(self, now: datetime, *, suspend_when_missed: bool) -> bool:
        """Mark requests missed once due; suspend if the DPS says so. True if it suspended."""
        missed = [
            r for r in self.redeclarations if r.outstanding and not r.missed and now > r.due_at
        ]
        for r in missed:
            r.missed = True
        if missed and suspend_when_missed and self.is_active:
            self.suspend(SuspensionReason.MISSED_REDECLARATION, now, SYSTEM,
                         f"re-declaration due {missed[0].due_at.isoformat()} not received")
            return True
        return False

    # --- internals ----------------------------------------------------------------------

    def _require_not_removed(self) -> None:
        if self.status is MembershipStatus.REMOVED:
            raise e.MembershipRemoved(
                f"This membership was removed on {self.removed_at:%d %b %Y}"
                f" ({self.removal_reason});"
                " removal is final. The provider may apply again."
            )

    def _ids(self) -> dict[str, UUID]:
        return {"membership_id": self.id, "dps_id": self.dps_id, "lot_id": self.lot_id,
                "provider_id": self.provider_id}

    def _require_own(self, by: Actor) -> None:
        require_owner(by, self.provider_id, e.MembershipNotFound.of(self.id))

    def _decide(
        self, action: AuditAction, now: datetime, by: Actor, why: str = "",
        *, reason_code: str | None = None,
    ) -> None:
        self.decisions.append(new_decision(
            "membership", self.id, self.provider_name, action, by, now, why,
            reason_code=reason_code,
        ))
