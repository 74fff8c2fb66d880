"""The regime a DPS's call-offs are evaluated under."""

from uuid import UUID

from fastapi import APIRouter

from services.evaluation.api.models.dps import DpsRegimeRead
from services.evaluation.store import EvaluationUnitOfWork
from shared.http.auth import CallerDep
from shared.http.deps import Uow
from shared.http.problems import problem_responses

router = APIRouter(tags=["regimes"], responses=problem_responses(401, 403))


@router.get("/dps/{dps_id}/regime", response_model=DpsRegimeRead, responses=problem_responses(404))
async def get_regime(dps_id: UUID, _: CallerDep, uow: Uow[EvaluationUnitOfWork]) -> DpsRegimeRead:
    """The regime the DPS's call-offs are evaluated under."""
    async with uow:
        dps = await uow.dps.get(dps_id)
    return DpsRegimeRead(dps_id=dps.id, name=dps.name, regime=dps.regime)
