"""A DPS's life: set it up (a draft), open it, close it, extend it; read it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from services.registry.api.actors import Commissioner, CouncilReader, Reader
from services.registry.api.deps import ClockDep, Uow, page_body
from services.registry.api.documents import dps_document
from services.registry.api.models.dps import DpsCreate, DpsRead, DpsSummaryRead, ReasonBody
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.dps_core import require_dps_visible
from services.registry.handlers import dps as handlers
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["DPS"], responses=problem_responses(400, 401, 403))


@router.post(
    "/dps", status_code=201, response_model=DpsRead, responses=problem_responses(409, 422)
)
async def set_up_dps(
    body: DpsCreate, actor: Commissioner, uow: Uow, clock: ClockDep, response: Response
) -> Dps:
    """Draft a DPS (commissioner). Lots, questions, documents, rate cards and criteria may
    come in the same body; any broken rule refuses the whole set-up."""
    dps = await handlers.set_up_dps(handlers.SetUpDps(dps=body), uow, clock, actor)
    response.headers["Location"] = f"/dps/{dps.id}"
    return dps


@router.get("/dps", response_model=PageRead[DpsSummaryRead], responses=problem_responses(422))
async def list_dps(
    _: CouncilReader, uow: Uow, page: PageParams, status: DpsStatus | None = None
) -> dict[str, object]:
    """Every DPS, by name, a page at a time (council)."""
    return page_body(await queries.list_dps(uow, page, status))


@router.get("/dps/{dps_id}", response_model=DpsRead, responses=problem_responses(404, 422))
async def get_dps(dps_id: UUID, actor: Reader, uow: Uow, request: Request) -> Any:
    """A DPS with everything set up in it (a provider: once it has opened)."""
    kept = await dps_document(request, dps_id)
    if kept is None:  # no such DPS, or one not changed since answers were kept
        return await queries.get_dps(dps_id, uow, actor)
    require_dps_visible(actor, dps_id, kept.status)
    return Response(kept.body, media_type="application/json")


@router.post(
    "/dps/{dps_id}/open", response_model=DpsRead, responses=problem_responses(404, 409, 422)
)
async def open_dps(dps_id: UUID, actor: Commissioner, uow: Uow, clock: ClockDep) -> Dps:
    """Open a draft DPS: providers may apply; ``DpsOpened`` is published."""
    return await handlers.open_dps(handlers.OpenDps(dps_id=dps_id), uow, clock, actor)


@router.post(
    "/dps/{dps_id}/close", response_model=DpsRead, responses=problem_responses(404, 409, 422)
)
async def close_dps(
    dps_id: UUID, body: ReasonBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Dps:
    """Close an open DPS early (``DpsClosed``); members stay on record, no one new joins."""
    return await handlers.close_dps(
        handlers.CloseDps(dps_id=dps_id, reason=body.reason), uow, clock, actor
    )


@router.post(
    "/dps/{dps_id}/extensions", response_model=DpsRead,
    responses=problem_responses(404, 409, 422),
)
async def exercise_extension(
    dps_id: UUID, body: ReasonBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Dps:
    """Take the next extension option of the term (``DpsChanged``)."""
    dps, _ = await handlers.exercise_extension(
        handlers.ExerciseExtension(dps_id=dps_id, reason=body.reason), uow, clock, actor
    )
    return dps
