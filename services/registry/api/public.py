"""The public view of open DPSs: no token needed, nothing about any provider."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.registry.api.deps import Uow, page_body
from services.registry.api.models.public import PublicDpsRead
from services.registry.domain.dps import Dps
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(prefix="/public", tags=["public"])


@router.get(
    "/dps", response_model=PageRead[PublicDpsRead], responses=problem_responses(422)
)
async def list_open_dps(uow: Uow, page: PageParams) -> dict[str, object]:
    """Every open DPS, with its lots, questionnaire, criteria, rates and windows, by name,
    a page at a time."""
    return page_body(await queries.list_public_dps(uow, page))


@router.get(
    "/dps/{dps_id}", response_model=PublicDpsRead, responses=problem_responses(404, 422)
)
async def get_open_dps(dps_id: UUID, uow: Uow) -> Dps:
    """An open DPS as anyone may see it (a draft, closed or expired one is not found)."""
    return await queries.public_dps(dps_id, uow)
