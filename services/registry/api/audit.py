"""The audit trail of a DPS: every decision with who, when and why, as JSON or CSV."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from services.registry.api.actors import CouncilReader
from services.registry.api.deps import Uow, page_body
from services.registry.api.models.audit import DecisionRead
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["audit"], responses=problem_responses(401, 403, 404))


@router.get(
    "/dps/{dps_id}/audit", response_model=PageRead[DecisionRead], responses=problem_responses(422)
)
async def audit_trail(
    dps_id: UUID, _: CouncilReader, uow: Uow, page: PageParams
) -> dict[str, object]:
    """Decisions on the DPS, its applications and its memberships, oldest first, a page at
    a time."""
    return page_body(await queries.audit_trail(dps_id, uow, page))


@router.get(
    "/dps/{dps_id}/audit.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The audit trail as CSV."}},
)
async def audit_trail_csv(dps_id: UUID, _: CouncilReader, uow: Uow) -> Response:
    """The whole trail as CSV (columns: at, subject_type, subject_id, subject_name, action,
    reason_code, actor_id, actor_role, why); a cell that a spreadsheet would run as a
    formula starts with a quote."""
    body = await queries.audit_trail_csv(dps_id, uow)
    return Response(
        body, media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="dps-{dps_id}-audit.csv"'},
    )
