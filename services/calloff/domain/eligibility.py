"""Who is invited to a call-off (R5, R19): every eligible member of the lot, nobody else.

A member is eligible when its membership is active (a suspended or removed member is not
invited, R19), it serves the person's postcode district (or the lot allows remote
delivery), it is CQC-registered where the lot requires it (R18), and it has capacity where
it declared any (a declared capacity of 0 means it can take no new package). The list is
computed and frozen at publication. Leaving an eligible member out needs a recorded reason;
a direct award names one eligible member, with a recorded justification, and invites only
that one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain.members import MemberStatus
from shared.dpsview.model import KnownLot
from shared.events.calloff import Omission


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member of the lot as the call-off service knows it now."""

    membership_id: UUID
    provider_id: UUID
    provider_name: str
    status: MemberStatus
    areas_served: tuple[str, ...]
    cqc_provider_id: str | None
    capacity: int | None
    admitted_at: datetime


def why_not_eligible(candidate: Candidate, lot: KnownLot, district: str) -> str | None:
    """Why this member may not be invited, or None if it must be."""
    if candidate.status is not MemberStatus.ACTIVE:
        return f"membership {candidate.status.value}"
    if not lot.remote_delivery_allowed and district not in candidate.areas_served:
        return f"does not serve {district}"
    if lot.cqc_registration_required and not candidate.cqc_provider_id:
        return "not CQC-registered"
    if candidate.capacity is not None and candidate.capacity <= 0:
        return "no capacity"
    return None


def eligible(candidates: Iterable[Candidate], lot: KnownLot, district: str) -> list[Candidate]:
    """Every eligible member, once per provider, in the order they were admitted."""
    chosen: dict[UUID, Candidate] = {}
    for candidate in candidates:
        if candidate.provider_id not in chosen and why_not_eligible(
            candidate, lot, district
        ) is None:
            chosen[candidate.provider_id] = candidate
    return list(chosen.values())


def invitation_list(
    eligible_members: list[Candidate],
    *,
    omissions: Mapping[UUID, str],
    direct_award_provider_id: UUID | None,
) -> tuple[list[Candidate], list[Omission]]:
    """The frozen list of invitees, and the eligible members left out with their reasons."""
    by_provider = {c.provider_id: c for c in eligible_members}
    unknown = [p for p in omissions if p not in by_provider]
    if unknown:
        raise e.OmittedProviderNotEligible(
            "Only an eligible member can be left out (the others are not invited anyway):"
            f" {len(unknown)} of the omissions name no eligible member.",
            provider_ids=[str(p) for p in unknown],
        )
    blank = [p for p, reason in omissions.items() if not reason.strip()]
    if blank:
        raise e.OmissionNeedsReason(
            "Leaving an eligible member out needs the legal reason, recorded.",
            provider_ids=[str(p) for p in blank],
        )
    if direct_award_provider_id is not None:
        member = by_provider.get(direct_award_provider_id)
        if member is None or direct_award_provider_id in omissions:
            raise e.DirectAwardProviderNotEligible(
                "A direct award names an eligible member of the lot: this provider is not one"
                " (not an active member serving the area, CQC-registered where needed, with"
                " capacity).",
                provider_id=str(direct_award_provider_id),
            )
        return [member], []
    invitees = [c for c in eligible_members if c.provider_id not in omissions]
    if not invitees:
        raise e.NoEligibleProvider(
            "No eligible member of the lot is left to invite: check the lot, the postcode"
            " district, and the members' areas and capacity.",
            eligible=len(eligible_members),
        )
    left_out = [Omission(provider_id=p, reason=r.strip()) for p, r in omissions.items()]
    return invitees, left_out
