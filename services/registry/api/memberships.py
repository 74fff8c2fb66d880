"""Memberships of lots: suspend, reinstate, remove (final); re-declaration."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.registry.api.actors import Commissioner, CommissionerOrProvider, ProviderUser, Reader
from services.registry.api.deps import ClockDep, Uow, page_body
from services.registry.api.models.memberships import (
    MembershipRead,
    RedeclarationRequestRead,
    RedeclareBody,
    ReinstateBody,
    RemoveBody,
    SuspendBody,
)
from services.registry.domain.memberships import Membership, MembershipStatus
from services.registry.handlers import memberships as handlers
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["memberships"], responses=problem_responses(400, 401, 403))
CHANGE = problem_responses(404, 409, 422)


@router.get(
    "/memberships", response_model=PageRead[MembershipRead], responses=problem_responses(422)
)
async def list_memberships(
    actor: Reader, uow: Uow, page: PageParams, dps_id: UUID | None = None,
    lot_id: UUID | None = None, provider_id: UUID | None = None,
    status: MembershipStatus | None = None,
) -> dict[str, object]:
    """Members (council: all; a provider: its own), e.g. ``?lot_id=`` for one lot."""
    return page_body(await queries.list_memberships(
        uow, actor, page, dps_id=dps_id, lot_id=lot_id, provider_id=provider_id, status=status
    ))


@router.get(
    "/memberships/{membership_id}", response_model=MembershipRead,
    responses=problem_responses(404, 422),
)
async def get_membership(membership_id: UUID, actor: Reader, uow: Uow) -> Membership:
    return await queries.get_membership(membership_id, uow, actor)


@router.post("/memberships/{membership_id}/suspend", response_model=MembershipRead,
             responses=CHANGE)
async def suspend(
    membership_id: UUID, body: SuspendBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Membership:
    """Suspend an active member (``MembershipSuspended``): it is not invited meanwhile."""
    return await handlers.suspend(
        handlers.Suspend(membership_id=membership_id, **body.model_dump()), uow, clock, actor
    )


@router.post("/memberships/{membership_id}/reinstate", response_model=MembershipRead,
             responses=CHANGE)
async def reinstate(
    membership_id: UUID, body: ReinstateBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Membership:
    """Lift a suspension, saying why (``MembershipReinstated``)."""
    return await handlers.reinstate(
        handlers.Reinstate(membership_id=membership_id, why=body.why), uow, clock, actor
    )


@router.post("/memberships/{membership_id}/remove", response_model=MembershipRead,
             responses=CHANGE)
async def remove(
    membership_id: UUID, body: RemoveBody, actor: CommissionerOrProvider, uow: Uow,
    clock: ClockDep,
) -> Membership:
    """Remove for good (``MembershipRemoved``): the council, or the provider itself with
    reason ``provider_request``."""
    return await handlers.remove(
        handlers.Remove(membership_id=membership_id, **body.model_dump()), uow, clock, actor
    )


@router.post("/memberships/{membership_id}/redeclare", response_model=MembershipRead,
             responses=CHANGE)
async def redeclare(
    membership_id: UUID, actor: ProviderUser, uow: Uow, clock: ClockDep,
    body: RedeclareBody | None = None,
) -> Membership:
    """The member answers its oldest open re-declaration request."""
    return await handlers.redeclare(
        handlers.Redeclare(membership_id=membership_id, note=body.note if body else ""),
        uow, clock, actor,
    )


@router.post(
    "/dps/{dps_id}/lots/{lot_id}/redeclaration-requests", status_code=201,
    response_model=RedeclarationRequestRead, responses=CHANGE,
)
async def request_redeclaration(
    dps_id: UUID, lot_id: UUID, actor: Commissioner, uow: Uow, clock: ClockDep
) -> handlers.RedeclarationRequested:
    """Ask every current member of the lot to re-declare within the DPS's working days (5);
    a member who misses it is suspended if the DPS says so."""
    return await handlers.ask_to_redeclare(
        handlers.RequestRedeclaration(dps_id=dps_id, lot_id=lot_id), uow, clock, actor
    )
