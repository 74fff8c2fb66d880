"""``GET /dps`` and ``GET /dps/{dps_id}`` of a consuming service: one shape for list and detail."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from functools import cache
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import Table, bindparam, select

from shared.dpsview.document import KnownDpsRead, render
from shared.dpsview.model import DpsNotKnown, KnownDpsStatus
from shared.http.auth import CallerDep
from shared.http.deps import new_uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

#: The service's unit of work; any whose ``dps`` is a ``DpsViewRepository``.
FollowingUow = Annotated[Any, Depends(new_uow)]


def known_dps_router(tags: list[str] | None = None) -> APIRouter:
    """Read routes over ``uow.dps`` for any signed-in caller (what is known of a DPS is what
    the registry publishes about it)."""
    router = APIRouter(tags=tags or ["DPS"], responses=problem_responses(401, 403))

    @router.get("/dps", response_model=PageRead[KnownDpsRead])
    async def list_known_dps(
        _: CallerDep, uow: FollowingUow, page: PageParams, status: KnownDpsStatus | None = None
    ) -> Any:
        """The DPSs this service knows of, in the order they opened, one page at a time."""
        async with uow:
            found = await uow.dps.page(page, status)
        return PageRead[KnownDpsRead](
            items=[KnownDpsRead.model_validate(d) for d in found.items],
            next_cursor=found.next_cursor,
        )

    @router.get(
        "/dps/{dps_id}", response_model=KnownDpsRead, responses=problem_responses(404)
    )
    async def get_known_dps(dps_id: UUID, _: CallerDep, request: Request) -> Response:
        """One DPS as this service knows it (404 ``dps_not_known`` until its opening arrives)."""
        runtime = request.app.state.runtime
        row = await runtime.reads.one(_document_of(runtime.metadata.tables["dps_view"]),
                                      {"dps_id": dps_id})
        if row is None:
            raise DpsNotKnown.of(dps_id, runtime.service)
        document = row.document
        if document is None:  # saved before answers were kept: render it now
            async with runtime.uow() as uow:
                document = render(await uow.dps.get(dps_id))
        return Response(document, media_type="application/json")

    return router


@cache
def _document_of(table: Table) -> Any:
    """The stored answer of one DPS, built once per table."""
    return select(table.c.document).where(table.c.dps_id == bindparam("dps_id"))
