"""HTTP API of the call-off service."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from shared.errors import NotFound
from shared.http.auth import CallerDep
from shared.http.problems import problem_responses

router = APIRouter(tags=["frameworks"], responses=problem_responses(401, 403))


class LotRead(BaseModel):
    lot_id: UUID
    code: str
    title: str
    admission_open: bool


class FrameworkRead(BaseModel):
    dps_id: UUID
    name: str
    regime: str
    status: str
    starts_on: date
    latest_end_on: date
    lots: list[LotRead] = []


class FrameworkNotKnown(NotFound):
    code = "dps_not_known"


@router.get("/dps", response_model=list[FrameworkRead])
async def list_frameworks(request: Request, _: CallerDep) -> list[dict]:
    """The DPSs this service knows of, as the registry announced them."""
    async with request.app.state.runtime.uow() as uow:
        return await uow.frameworks.list()


@router.get("/dps/{dps_id}", response_model=FrameworkRead, responses=problem_responses(404))
async def get_framework(
    dps_id: UUID, request: Request, _: CallerDep
) -> dict:
    async with request.app.state.runtime.uow() as uow:
        found = await uow.frameworks.get(dps_id)
    if found is None:
        raise FrameworkNotKnown(f"No DPS {dps_id} is known to the call-off service (yet).")
    return found
