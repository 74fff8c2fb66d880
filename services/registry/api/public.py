"""The public view of open DPSs: no token needed, nothing about any provider."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.registry.api.deps import Uow
from services.registry.api.models.public import PublicDpsRead
from services.registry.domain.dps import Dps
from services.registry.handlers import queries
from shared.http.problems import problem_responses

router = APIRouter(prefix="/public", tags=["public"])


@router.get("/dps", response_model=list[PublicDpsRead])
async def list_open_dps(uow: Uow) -> list[Dps]:
    """Every open DPS, with its lots, questionnaire, criteria, rates and windows."""
    return await queries.list_public_dps(uow)


@router.get("/dps/{dps_id}", response_model=PublicDpsRead, responses=problem_responses(404))
async def get_open_dps(dps_id: UUID, uow: Uow) -> Dps:
    """An open DPS as anyone may see it (a draft, closed or expired one is not found)."""
    return await queries.public_dps(dps_id, uow)
