"""Who may be invited to a call-off: the members of each lot, as the registry announced them.

The registry owns memberships; this copy follows three kinds of its aggregates, each of
whose events arrive in their own order, but not in order with one another:
- a membership (admitted, suspended, reinstated, removed): ``LotMember``;
- a provider's areas served, name and CQC provider id: ``ProviderFacts``, one per provider;
- a provider's capacity in a lot: ``LotCapacity``.
An admission carries the areas and capacity as they were when it was decided, and may be
applied after a later change of areas arrived; so each fact keeps the time it was true
(``as_of``) and the newest one wins, whichever arrived last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from shared.errors import NotFound, StateConflict

#: Before anything was announced.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class MembershipNotKnown(NotFound):
    code = "membership_not_known"


class MembershipEnded(StateConflict):
    code = "membership_ended"


@dataclass
class LotMember:
    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str
    cqc_provider_id: str | None
    status: MemberStatus
    admitted_at: datetime
    changed_at: datetime
    status_reason: str = ""

    @classmethod
    def admitted(
        cls, *, membership_id: UUID, dps_id: UUID, lot_id: UUID, provider_id: UUID,
        provider_name: str, cqc_provider_id: str | None, at: datetime,
    ) -> LotMember:
        return cls(
            membership_id=membership_id, dps_id=dps_id, lot_id=lot_id, provider_id=provider_id,
            provider_name=provider_name, cqc_provider_id=cqc_provider_id,
            status=MemberStatus.ACTIVE, admitted_at=at, changed_at=at,
        )

    @property
    def invitable(self) -> bool:
        """Only an active member may be invited to a call-off."""
        return self.status is MemberStatus.ACTIVE

    def suspend(self, reason: str, at: datetime) -> None:
        self._become(MemberStatus.SUSPENDED, reason, at)

    def reinstate(self, at: datetime) -> None:
        self._become(MemberStatus.ACTIVE, "", at)

    def remove(self, reason: str, at: datetime) -> None:
        self._become(MemberStatus.REMOVED, reason, at)

    def _become(self, status: MemberStatus, reason: str, at: datetime) -> None:
        # Removal is for good (the registry never brings a membership back): a later event
        # about it means this copy and the registry disagree, which must be seen, not hidden.
        if self.status is MemberStatus.REMOVED:
            raise MembershipEnded(
                f"Membership {self.membership_id} was removed; it cannot become {status}.",
                membership_id=str(self.membership_id),
            )
        self.status = status
        self.status_reason = reason
        self.changed_at = at


@dataclass
class ProviderFacts:
    """A provider's name, the postcode districts it serves and its CQC provider id, each as
    of the moment it was announced (``as_of`` for the areas): the newest of each wins."""

    provider_id: UUID
    name: str
    areas_served: list[str]
    as_of: datetime
    name_as_of: datetime
    cqc_provider_id: str | None = None
    #: None: no CQC id announced with the provider's details yet (the membership's holds).
    cqc_as_of: datetime | None = None

    @classmethod
    def unknown(cls, provider_id: UUID) -> ProviderFacts:
        """Nothing announced yet: any news is newer."""
        return cls(provider_id, "", [], NEVER, NEVER)

    def observe(self, name: str, areas_served: list[str], as_of: datetime) -> bool:
        """Areas served (and the name) as of ``as_of``; older news changes nothing."""
        changed = self._name(name, as_of)
        if as_of >= self.as_of:
            self.areas_served, self.as_of = list(areas_served), as_of
            changed = True
        return changed

    def observe_details(self, name: str, cqc_provider_id: str | None, as_of: datetime) -> bool:
        """The name and CQC provider id as of ``as_of`` (``ProviderDetailsChanged``, or an
        admission, which carries both as they were when it was decided)."""
        changed = self._name(name, as_of)
        if self.cqc_as_of is None or as_of >= self.cqc_as_of:
            self.cqc_provider_id, self.cqc_as_of = cqc_provider_id, as_of
            changed = True
        return changed

    def _name(self, name: str, as_of: datetime) -> bool:
        if as_of < self.name_as_of:
            return False
        self.name, self.name_as_of = name, as_of
        return True


@dataclass
class LotCapacity:
    """How many new packages a provider can take on in one lot, as of a moment."""

    provider_id: UUID
    lot_id: UUID
    dps_id: UUID
    capacity: int
    as_of: datetime

    def observe(self, capacity: int, as_of: datetime) -> bool:
        if as_of < self.as_of:
            return False
        self.capacity, self.as_of = capacity, as_of
        return True
