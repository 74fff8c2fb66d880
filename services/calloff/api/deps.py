"""What the call-off routes take from the running service besides a unit of work: the
person sealer (built once at start-up from the settings) and the council's settings."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends, Request

from services.calloff.store.sealing import PersonSealer


# async: FastAPI runs a plain def dependency on a worker thread.
async def person_sealer(request: Request) -> PersonSealer:
    sealer: PersonSealer = request.app.state.person_sealer
    return sealer


async def council_min_hours(request: Request) -> float:
    return float(request.app.state.runtime.settings.council_min_response_hours)


Sealer = Annotated[PersonSealer, Depends(person_sealer)]
CouncilMinHours = Annotated[float, Depends(council_min_hours)]
