"""Who may call the call-off service's routes: the role aliases."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.actors import acting_as

CouncilReader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR))]
