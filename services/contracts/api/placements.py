"""Existing placements moved onto the DPS (commissioner): a bulk import, all or nothing."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from starlette.exceptions import HTTPException

from services.contracts.api.actors import Commissioner, CouncilReader
from services.contracts.api.models.placements import (
    ImportJson,
    ImportReportRead,
    PlacementRead,
    import_request_body,
)
from services.contracts.domain.placements.placement import PlacementOutcome
from services.contracts.handlers import placements as handlers
from services.contracts.handlers.placement_files import read_csv, read_json
from services.contracts.store import ContractsUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["placements"], responses=problem_responses(400, 401, 403))


@router.post(
    "/placements/import", status_code=201, response_model=ImportReportRead,
    responses={200: {"model": ImportReportRead, "description": "A dry run: nothing written."},
               **problem_responses(404, 409, 415, 422)},
    openapi_extra={"requestBody": import_request_body()},
)
async def import_placements(
    request: Request, response: Response, actor: Commissioner, uow: Uow[ContractsUnitOfWork],
    clock: ClockDep, dps_id: UUID = Query(description="The DPS the placements move onto."),
    dry_run: bool = Query(default=False, description="Check every row; write nothing."),
) -> Any:
    """Import existing placements as JSON (``{"rows": [...]}``) or CSV (``text/csv``, one
    line per rate line). Every row is checked; if any is refused, nothing is imported and
    the 422 lists every refused row with its reasons. Otherwise each ``contract`` row becomes
    a direct-award contract with its incumbent (``PlacementTransitioned``) and each
    ``reprocure`` row a re-procurement request (``ReprocurementRequested``)."""
    media = request.headers.get("content-type", "application/json").split(";")[0].strip()
    body = await request.body()
    if media == "text/csv":
        file = read_csv(body)
    elif media == "application/json":
        file = read_json(body)
    else:
        raise HTTPException(415, detail="Send application/json or text/csv.")
    report = await handlers.import_placements(dps_id, file, dry_run=dry_run, uow=uow,
                                              clock=clock, actor=actor)
    if dry_run:
        response.status_code = 200
    return report


# Documented for the OpenAPI schema (the route reads the body itself, in either format).
_ = ImportJson


@router.get("/placements", response_model=PageRead[PlacementRead],
            responses=problem_responses(422))
async def list_placements(
    _: CouncilReader, uow: Uow[ContractsUnitOfWork], page: PageParams,
    dps_id: UUID | None = None, outcome: PlacementOutcome | None = None,
    import_id: UUID | None = None,
) -> Any:
    found = await handlers.list_placements(uow, page, dps_id=dps_id, outcome=outcome,
                                           import_id=import_id)
    return PageRead[PlacementRead](items=[PlacementRead.model_validate(p) for p in found.items],
                                   next_cursor=found.next_cursor)


@router.get("/placements/{placement_id}", response_model=PlacementRead,
            responses=problem_responses(404, 422))
async def get_placement(
    placement_id: UUID, _: CouncilReader, uow: Uow[ContractsUnitOfWork]
) -> Any:
    return await handlers.get_placement(placement_id, uow)
