"""Call-offs: drafted, published (every eligible member invited), cancelled, closed early
and re-published by commissioners; read by the council side and by invited providers."""

from uuid import UUID

from fastapi import APIRouter, Response

from services.calloff.api.actors import CallOffReader, Commissioner, CouncilReader
from services.calloff.api.deps import CouncilMinHours
from services.calloff.api.models.call_offs import (
    CallOffRead,
    ConsentRead,
    DecisionRead,
    InvitationRead,
)
from services.calloff.domain.call_offs import CallOffStatus
from services.calloff.handlers import call_offs as handlers
from services.calloff.handlers.specs import (
    CallOffSpec,
    ConsentSpec,
    PublishSpec,
    ReasonSpec,
    RepublishSpec,
)
from services.calloff.store import CalloffUnitOfWork
from shared.actors import Actor
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["call-offs"], responses=problem_responses(400, 401, 403))
ACTION = problem_responses(404, 409, 422)


async def _read(uow: CalloffUnitOfWork, call_off_id: UUID, actor: Actor) -> CallOffRead:
    async with uow:
        call_off = await uow.call_offs.get_visible(call_off_id, actor)
        received = None if actor.is_provider else await uow.responses.count_live(call_off_id)
    return CallOffRead.of(call_off, actor, received)


@router.post("/call-offs", status_code=201, response_model=CallOffRead, responses=ACTION)
async def draft_call_off(
    body: CallOffSpec, actor: Commissioner, uow: Uow[CalloffUnitOfWork], clock: ClockDep,
    response: Response,
) -> CallOffRead:
    """Draft a call-off from a ready requirement: kind, criteria and weights from the DPS's
    catalogue, pricing mode (and the council's rates when fixed), response deadline, and for
    a direct award the member and why."""
    call_off = await handlers.draft_call_off(body, actor=actor, uow=uow, clock=clock)
    response.headers["Location"] = f"/call-offs/{call_off.id}"
    return CallOffRead.of(call_off, actor, 0)


@router.get("/call-offs", response_model=PageRead[CallOffRead])
async def list_call_offs(
    actor: CallOffReader, uow: Uow[CalloffUnitOfWork], page: PageParams,
    status: CallOffStatus | None = None, dps_id: UUID | None = None,
    requirement_id: UUID | None = None,
) -> PageRead[CallOffRead]:
    """Call-offs in the order they were drafted; a provider's list holds only those it was
    invited to."""
    async with uow:
        found = await uow.call_offs.page(
            page, actor, status=status, dps_id=dps_id, requirement_id=requirement_id
        )
    return PageRead[CallOffRead](
        items=[CallOffRead.of(c, actor) for c in found.items], next_cursor=found.next_cursor
    )


@router.get(
    "/call-offs/{call_off_id}", response_model=CallOffRead, responses=problem_responses(404)
)
async def get_call_off(
    call_off_id: UUID, actor: CallOffReader, uow: Uow[CalloffUnitOfWork]
) -> CallOffRead:
    """One call-off (a provider: only one it was invited to; any other is 404)."""
    return await _read(uow, call_off_id, actor)


@router.post(
    "/call-offs/{call_off_id}/short-period-consents", status_code=201,
    response_model=ConsentRead, responses=ACTION,
)
async def record_consent(
    call_off_id: UUID, body: ConsentSpec, actor: Commissioner, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep,
) -> ConsentRead:
    """Record that a provider agreed to a response period shorter than the regime's minimum
    (PCR 2015 DPS: 10 days); publication needs one from every invitee."""
    consent = await handlers.record_consent(call_off_id, body, actor=actor, uow=uow, clock=clock)
    return ConsentRead.model_validate(consent)


@router.post(
    "/call-offs/{call_off_id}/publish", response_model=CallOffRead, responses=ACTION
)
async def publish_call_off(
    call_off_id: UUID, actor: Commissioner, uow: Uow[CalloffUnitOfWork], clock: ClockDep,
    council_min_hours: CouncilMinHours, body: PublishSpec | None = None,
) -> CallOffRead:
    """Publish: the invitation list is computed and frozen (every eligible member; an
    eligible member left out needs a reason in ``omissions``), the whole-life value is
    flagged against the threshold in force today, and every invitee is invited."""
    call_off = await handlers.publish_call_off(
        call_off_id, body or PublishSpec(), actor=actor, uow=uow, clock=clock,
        council_min_hours=council_min_hours,
    )
    return CallOffRead.of(call_off, actor, 0)


@router.post("/call-offs/{call_off_id}/cancel", response_model=CallOffRead, responses=ACTION)
async def cancel_call_off(
    call_off_id: UUID, body: ReasonSpec, actor: Commissioner, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep,
) -> CallOffRead:
    """Cancel a draft or published call-off, with the reason (before it closes)."""
    await handlers.cancel_call_off(call_off_id, body.reason, actor=actor, uow=uow, clock=clock)
    return await _read(uow, call_off_id, actor)


@router.post("/call-offs/{call_off_id}/close", response_model=CallOffRead, responses=ACTION)
async def close_early(
    call_off_id: UUID, actor: Commissioner, uow: Uow[CalloffUnitOfWork], clock: ClockDep
) -> CallOffRead:
    """Close before the deadline, once every invitee has responded or declined and the
    regime allows it."""
    await handlers.close_early(call_off_id, actor=actor, uow=uow, clock=clock)
    return await _read(uow, call_off_id, actor)


@router.post(
    "/call-offs/{call_off_id}/republish", status_code=201, response_model=CallOffRead,
    responses=ACTION,
)
async def republish_call_off(
    call_off_id: UUID, body: RepublishSpec, actor: Commissioner, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep, response: Response,
) -> CallOffRead:
    """After an unsuccessful call-off: a new draft linked to it (``republished_from``), with
    a new deadline; ``kind: direct_award`` (with the member and why) where the regime
    allows one. Publish it as any other."""
    successor = await handlers.republish_call_off(
        call_off_id, body, actor=actor, uow=uow, clock=clock
    )
    response.headers["Location"] = f"/call-offs/{successor.id}"
    return CallOffRead.of(successor, actor, 0)


@router.get(
    "/call-offs/{call_off_id}/invitations", response_model=PageRead[InvitationRead],
    responses=problem_responses(404),
)
async def list_invitations(
    call_off_id: UUID, actor: CouncilReader, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[InvitationRead]:
    """The frozen invitation list, with each invitee's decline (if any)."""
    async with uow:
        await uow.call_offs.get_visible(call_off_id, actor)
        found = await uow.invitations.page(call_off_id, page)
    return PageRead[InvitationRead](
        items=[InvitationRead.model_validate(i) for i in found.items],
        next_cursor=found.next_cursor,
    )


@router.get(
    "/call-offs/{call_off_id}/audit", response_model=PageRead[DecisionRead],
    responses=problem_responses(404),
)
async def call_off_audit(
    call_off_id: UUID, actor: CouncilReader, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[DecisionRead]:
    """Every decision on the call-off, oldest first: who, when, what and why (R23)."""
    async with uow:
        await uow.call_offs.get_visible(call_off_id, actor)
        found = await uow.call_offs.decisions(call_off_id, page)
    return PageRead[DecisionRead](
        items=[DecisionRead.model_validate(d) for d in found.items],
        next_cursor=found.next_cursor,
    )
