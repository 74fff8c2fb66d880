"""The members of a lot, as the call-off service knows them (council roles only)."""

from uuid import UUID

from fastapi import APIRouter

from services.calloff.api.actors import CouncilReader
from services.calloff.api.models.members import LotMemberRead
from services.calloff.domain.members import MemberStatus
from services.calloff.store import CalloffUnitOfWork
from shared.http.deps import Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["members"], responses=problem_responses(401, 403))


@router.get(
    "/dps/{dps_id}/lots/{lot_id}/members",
    response_model=PageRead[LotMemberRead],
    responses=problem_responses(404),
)
async def list_lot_members(
    dps_id: UUID,
    lot_id: UUID,
    _: CouncilReader,
    uow: Uow[CalloffUnitOfWork],
    page: PageParams,
    status: MemberStatus | None = None,
) -> PageRead[LotMemberRead]:
    """The lot's members in the order they were admitted, with their areas and capacity."""
    async with uow:
        (await uow.dps.get(dps_id)).lot(lot_id)
        found = await uow.members.page(dps_id, lot_id, page, status)
    return PageRead[LotMemberRead](
        items=[LotMemberRead.model_validate(m) for m in found.items],
        next_cursor=found.next_cursor,
    )
