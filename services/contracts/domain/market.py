"""Who may be awarded: the members of each lot and the providers' names, as the registry
announced them (``ProviderAdmitted``, ``Membership*``, ``ProviderDetailsChanged``).

R9: a provider whose membership of the lot was suspended or removed cannot be awarded a
contract in that lot. A provider with no membership known here is not refused on that
ground alone: it was invited by the call-off service, which knew it as a member, and the
registry's events may reach this service a moment later; its suspension, when it comes,
passes it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class Standing(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


@dataclass
class LotMembership:
    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    standing: Standing
    reason: str
    admitted_at: datetime
    changed_at: datetime

    def become(self, standing: Standing, reason: str, at: datetime) -> None:
        self.standing = Standing(standing)
        self.reason = reason
        self.changed_at = at


@dataclass
class ProviderFacts:
    """A provider's name as of a moment; the newest fact wins, whichever arrives last."""

    provider_id: UUID
    name: str
    as_of: datetime

    def observe(self, name: str, as_of: datetime) -> bool:
        if as_of < self.as_of:
            return False
        self.name, self.as_of = name, as_of
        return True


#: provider id -> why it may not be awarded (R9); a provider not in it may be.
Exclusions = Mapping[UUID, str]


def exclusions(memberships: Iterable[LotMembership], lot_id: UUID) -> dict[UUID, str]:
    """Providers of the lot whose every known membership is suspended or removed, each with
    the reason (the newest membership's)."""
    by_provider: dict[UUID, list[LotMembership]] = {}
    for m in memberships:
        if m.lot_id == lot_id:
            by_provider.setdefault(m.provider_id, []).append(m)
    out: dict[UUID, str] = {}
    for provider_id, held in by_provider.items():
        if any(m.standing is Standing.ACTIVE for m in held):
            continue
        latest = max(held, key=lambda m: m.changed_at)
        out[provider_id] = (
            f"membership of the lot {latest.standing.value}"
            f"{f' ({latest.reason})' if latest.reason else ''}"
            f" on {latest.changed_at:%d %b %Y} (R9)"
        )
    return out


def is_active_member(memberships: Iterable[LotMembership], provider_id: UUID, lot_id: UUID) -> bool:
    return any(
        m.provider_id == provider_id and m.lot_id == lot_id and m.standing is Standing.ACTIVE
        for m in memberships
    )
