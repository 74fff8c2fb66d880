"""What invitees see and do: their invitations, declines, clarifications (and the council's
answers), and their sealed responses."""

from uuid import UUID

from fastapi import APIRouter, Response

from services.calloff.api.actors import CallOffReader, Commissioner, Provider, ResponseReader
from services.calloff.api.models.call_offs import (
    ClarificationRead,
    ProviderInvitationRead,
    ResponseRead,
)
from services.calloff.handlers import invitees as handlers
from services.calloff.handlers.specs import (
    AnswerToQuestionSpec,
    QuestionSpec,
    ReasonSpec,
    ResponseSpec,
)
from services.calloff.store import CalloffUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["invitees"], responses=problem_responses(400, 401, 403))
ACTION = problem_responses(404, 409, 422)


@router.get("/invitations", response_model=PageRead[ProviderInvitationRead])
async def my_invitations(
    actor: Provider, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[ProviderInvitationRead]:
    """The call-offs this provider was invited to, oldest invitation first."""
    assert actor.provider_id is not None
    async with uow:
        found = await uow.invitations.of_provider(actor.provider_id, page)
    return PageRead[ProviderInvitationRead](
        items=[ProviderInvitationRead.of(r) for r in found.items], next_cursor=found.next_cursor
    )


@router.post("/call-offs/{call_off_id}/decline", status_code=204, responses=ACTION)
async def decline(
    call_off_id: UUID, body: ReasonSpec, actor: Provider, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep,
) -> Response:
    """The invitee will not respond, and says why (before the deadline)."""
    await handlers.decline(call_off_id, body.reason, actor=actor, uow=uow, clock=clock)
    return Response(status_code=204)


@router.post(
    "/call-offs/{call_off_id}/clarifications", status_code=201,
    response_model=ClarificationRead, responses=ACTION,
)
async def ask(
    call_off_id: UUID, body: QuestionSpec, actor: Provider, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep,
) -> ClarificationRead:
    """An invitee asks a question (before the deadline); once answered, every invitee sees
    it, the asker not named."""
    asked = await handlers.ask(call_off_id, body.question, actor=actor, uow=uow, clock=clock)
    return ClarificationRead.of(asked, actor)


@router.get(
    "/call-offs/{call_off_id}/clarifications", response_model=PageRead[ClarificationRead],
    responses=problem_responses(404),
)
async def list_clarifications(
    call_off_id: UUID, actor: CallOffReader, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[ClarificationRead]:
    """The council side: every question with who asked. An invitee: the answered ones and
    its own."""
    async with uow:
        await uow.call_offs.get_visible(call_off_id, actor)
        found = await uow.clarifications.page(call_off_id, page, actor)
    return PageRead[ClarificationRead](
        items=[ClarificationRead.of(c, actor) for c in found.items],
        next_cursor=found.next_cursor,
    )


@router.post(
    "/call-offs/{call_off_id}/clarifications/{clarification_id}/answer",
    response_model=ClarificationRead, responses=ACTION,
)
async def answer(
    call_off_id: UUID, clarification_id: UUID, body: AnswerToQuestionSpec, actor: Commissioner,
    uow: Uow[CalloffUnitOfWork], clock: ClockDep,
) -> ClarificationRead:
    """The council answers; the answer goes to every invitee (``ClarificationAnswered``)."""
    answered = await handlers.answer(
        call_off_id, clarification_id, body.answer, actor=actor, uow=uow, clock=clock
    )
    return ClarificationRead.of(answered, actor)


@router.post(
    "/call-offs/{call_off_id}/responses", status_code=201, response_model=ResponseRead,
    responses=ACTION,
)
async def submit_response(
    call_off_id: UUID, body: ResponseSpec, actor: Provider, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep, response: Response,
) -> ResponseRead:
    """An invitee's sealed response, before the deadline: an answer per scored criterion,
    a price per unit of each element (or acceptance of the fixed rate), proposed start date,
    capacity confirmation."""
    submitted = await handlers.submit_response(
        call_off_id, body, actor=actor, uow=uow, clock=clock
    )
    response.headers["Location"] = f"/call-offs/{call_off_id}/responses/{submitted.id}"
    return ResponseRead.of(submitted, sealed=False)


@router.get(
    "/call-offs/{call_off_id}/responses", response_model=PageRead[ResponseRead],
    responses=problem_responses(404),
)
async def list_responses(
    call_off_id: UUID, actor: ResponseReader, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[ResponseRead]:
    """The council side: every response, sealed (that it exists, when it came) until the
    call-off closes. A provider: its own."""
    async with uow:
        call_off = await uow.call_offs.get_visible(call_off_id, actor)
        found = await uow.responses.page(
            call_off_id, page, provider_id=actor.provider_id if actor.is_provider else None
        )
    sealed = call_off.responses_sealed_for(actor)
    return PageRead[ResponseRead](
        items=[ResponseRead.of(r, sealed=sealed) for r in found.items],
        next_cursor=found.next_cursor,
    )


@router.get(
    "/call-offs/{call_off_id}/responses/{response_id}", response_model=ResponseRead,
    responses=problem_responses(404),
)
async def get_response(
    call_off_id: UUID, response_id: UUID, actor: ResponseReader, uow: Uow[CalloffUnitOfWork]
) -> ResponseRead:
    async with uow:
        call_off = await uow.call_offs.get_visible(call_off_id, actor)
        found = await uow.responses.get_visible(call_off_id, response_id, actor)
    return ResponseRead.of(found, sealed=call_off.responses_sealed_for(actor))


@router.put(
    "/call-offs/{call_off_id}/responses/{response_id}", response_model=ResponseRead,
    responses=ACTION,
)
async def amend_response(
    call_off_id: UUID, response_id: UUID, body: ResponseSpec, actor: Provider,
    uow: Uow[CalloffUnitOfWork], clock: ClockDep,
) -> ResponseRead:
    """Replace the response's content, before the deadline."""
    amended = await handlers.amend_response(
        call_off_id, response_id, body, actor=actor, uow=uow, clock=clock
    )
    return ResponseRead.of(amended, sealed=False)


@router.post(
    "/call-offs/{call_off_id}/responses/{response_id}/withdraw", response_model=ResponseRead,
    responses=ACTION,
)
async def withdraw_response(
    call_off_id: UUID, response_id: UUID, actor: Provider, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep,
) -> ResponseRead:
    """Withdraw the response, before the deadline (a new one may follow)."""
    withdrawn = await handlers.withdraw_response(
        call_off_id, response_id, actor=actor, uow=uow, clock=clock
    )
    return ResponseRead.of(withdrawn, sealed=False)
