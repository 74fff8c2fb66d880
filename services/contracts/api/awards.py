"""Awards: read; approve (approver, within its delegated limit); accept or decline (the
provider offered)."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from services.contracts.api.actors import Approver, AwardReader, ProviderUser
from services.contracts.api.models.awards import ApproveBody, AwardRead, DeclineBody
from services.contracts.api.models.contracts import ContractRead
from services.contracts.domain.awards.award import AwardStatus
from services.contracts.handlers import awards as handlers
from services.contracts.store import ContractsUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["awards"], responses=problem_responses(400, 401, 403))
CHANGE = problem_responses(404, 409, 422)


@router.get("/awards", response_model=PageRead[AwardRead], responses=problem_responses(422))
async def list_awards(
    actor: AwardReader, uow: Uow[ContractsUnitOfWork], page: PageParams,
    status: AwardStatus | None = None, dps_id: UUID | None = None,
    call_off_id: UUID | None = None,
) -> Any:
    """Awards, oldest first (a provider: those offered to it), e.g. ``?status=recommended``
    for what waits for approval."""
    found = await handlers.list_awards(uow, actor, page, status=status, dps_id=dps_id,
                                       call_off_id=call_off_id)
    return PageRead[AwardRead](items=[AwardRead.of(a, actor) for a in found.items],
                               next_cursor=found.next_cursor)


@router.get("/awards/{award_id}", response_model=AwardRead,
            responses=problem_responses(404, 422))
async def get_award(award_id: UUID, actor: AwardReader, uow: Uow[ContractsUnitOfWork]) -> Any:
    return AwardRead.of(await handlers.get_award(award_id, uow, actor), actor)


@router.post("/awards/{award_id}/approve", response_model=AwardRead, responses=CHANGE)
async def approve(
    award_id: UUID, actor: Approver, uow: Uow[ContractsUnitOfWork], clock: ClockDep,
    request: Request, body: ApproveBody | None = None,
) -> Any:
    """Approve the recommendation (``AwardApproved``) within your delegated limit, under the
    buyers' schemes of delegation; never one you made. The offer (``AwardOffered``) goes
    out at once, or when the standstill ends (and, under the Procurement Act, the assessment
    summaries have been sent)."""
    body = body or ApproveBody()
    settings = request.app.state.runtime.settings
    award = await handlers.approve(handlers.Approve(
        award_id=award_id, voluntary_standstill=body.voluntary_standstill, why=body.why,
        offer_window_days=settings.offer_window_working_days, response_id=body.response_id,
    ), uow, clock, actor)
    return AwardRead.of(award, actor)


@router.post("/awards/{award_id}/accept", response_model=ContractRead, responses=CHANGE)
async def accept(
    award_id: UUID, actor: ProviderUser, uow: Uow[ContractsUnitOfWork], clock: ClockDep
) -> Any:
    """Accept the offer (``OfferAccepted``): the contract is made (``ContractAwarded``), and
    the person's details are released to you by the call-off service."""
    _, contract = await handlers.accept(award_id, uow, clock, actor)
    return ContractRead.of(contract)


@router.post("/awards/{award_id}/decline", response_model=AwardRead, responses=CHANGE)
async def decline(
    award_id: UUID, body: DeclineBody, actor: ProviderUser, uow: Uow[ContractsUnitOfWork],
    clock: ClockDep,
) -> Any:
    """Decline the offer (``OfferDeclined``), saying why: the next ranked response follows."""
    return AwardRead.of(await handlers.decline(award_id, body.reason, uow, clock, actor), actor)
