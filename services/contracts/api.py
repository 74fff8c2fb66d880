"""HTTP API of the contracts service."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from shared.errors import NotFound
from shared.http.auth import CallerDep
from shared.http.problems import problem_responses

router = APIRouter(tags=["frameworks"], responses=problem_responses(401, 403))


class AwardFrameworkRead(BaseModel):
    dps_id: UUID
    name: str
    regime: str
    buyer_organisations: list[str]
    starts_on: date
    initial_term_ends_on: date
    latest_end_on: date


class AwardFrameworkNotKnown(NotFound):
    code = "dps_not_known"


@router.get("/dps/{dps_id}", response_model=AwardFrameworkRead, responses=problem_responses(404))
async def get_award_framework(
    dps_id: UUID, request: Request, _: CallerDep
) -> dict:
    """The DPS as the contracts service knows it: buyers, regime, term."""
    async with request.app.state.runtime.uow() as uow:
        found = await uow.frameworks.get(dps_id)
    if found is None:
        raise AwardFrameworkNotKnown(f"No DPS {dps_id} is known to the contracts service (yet).")
    return found
