"""Schemes of delegation: set up and replaced by the council, read by approvers too."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from services.contracts.api.actors import Commissioner, SchemeReader
from services.contracts.api.models.delegation import SchemeCreate, SchemeRead, SchemeReplace
from services.contracts.handlers import delegation as handlers
from services.contracts.store import ContractsUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead, page_body
from shared.http.problems import problem_responses

router = APIRouter(tags=["delegation"], responses=problem_responses(400, 401, 403))


@router.get("/delegation-schemes", response_model=PageRead[SchemeRead],
            responses=problem_responses(422))
async def list_schemes(_: SchemeReader, uow: Uow[ContractsUnitOfWork], page: PageParams) -> Any:
    """Every buyer's scheme of delegation, by buyer."""
    return page_body(await handlers.list_schemes(uow, page))


@router.post("/delegation-schemes", status_code=201, response_model=SchemeRead,
             responses=problem_responses(409, 422))
async def set_up(
    body: SchemeCreate, actor: Commissioner, uow: Uow[ContractsUnitOfWork], clock: ClockDep
) -> Any:
    """A buyer's scheme: levels from junior to senior, each approving up to its ceiling (the
    last may have none). Its id is derived from the buyer's name."""
    return await handlers.set_up(body.buyer, [lv.level() for lv in body.levels], uow, clock,
                                 actor)


@router.get("/delegation-schemes/{scheme_id}", response_model=SchemeRead,
            responses=problem_responses(404, 422))
async def get_scheme(scheme_id: UUID, _: SchemeReader, uow: Uow[ContractsUnitOfWork]) -> Any:
    return await handlers.get_scheme(scheme_id, uow)


@router.put("/delegation-schemes/{scheme_id}", response_model=SchemeRead,
            responses=problem_responses(404, 409, 422))
async def replace(
    scheme_id: UUID, body: SchemeReplace, actor: Commissioner, uow: Uow[ContractsUnitOfWork],
    clock: ClockDep,
) -> Any:
    """Replace the levels (a new revision); approvals already made keep their level."""
    return await handlers.replace(scheme_id, [lv.level() for lv in body.levels], uow, clock,
                                  actor)
