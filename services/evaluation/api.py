"""HTTP API of the evaluation service."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from shared.errors import NotFound
from shared.http.auth import CallerDep
from shared.http.problems import problem_responses

router = APIRouter(tags=["regimes"], responses=problem_responses(401, 403))


class DpsRegimeRead(BaseModel):
    dps_id: UUID
    name: str
    regime: str


class DpsRegimeNotKnown(NotFound):
    code = "dps_not_known"


@router.get("/dps/{dps_id}/regime", response_model=DpsRegimeRead, responses=problem_responses(404))
async def get_regime(dps_id: UUID, request: Request, _: CallerDep) -> dict:
    """The regime the DPS's call-offs are evaluated under."""
    async with request.app.state.runtime.uow() as uow:
        found = await uow.regimes.get(dps_id)
    if found is None:
        raise DpsRegimeNotKnown(f"No DPS {dps_id} is known to the evaluation service (yet).")
    return found
