"""What the platform team runs: re-sealing every stored identity under the newest key."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from services.calloff.api.actors import Operator
from services.calloff.api.deps import Sealer
from services.calloff.handlers.requirements import rotate_person_keys
from shared.http.problems import problem_responses

router = APIRouter(tags=["operations"], responses=problem_responses(400, 401, 403))


class RotationRead(BaseModel):
    resealed: int
    key_id: str


@router.post("/operations/person-keys/rotate", response_model=RotationRead)
async def rotate(actor: Operator, sealer: Sealer, request: Request) -> RotationRead:
    """Re-encrypt every stored identity still under an older key with the first key of
    ``CALLOFF_PERSON_KEYS`` (``key_id``: its fingerprint). Then the old keys can go."""
    resealed = await rotate_person_keys(
        actor=actor, uow=request.app.state.runtime.uow, sealer=sealer
    )
    return RotationRead(resealed=resealed, key_id=sealer.current_key_id)
