"""Who may call the registry's routes: the role aliases, built on ``shared.http.actors``.

A provider user acts for the provider derived from its ``org`` claim, and the domain refuses
anything it tries on another provider's records.
"""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.actors import acting_as

Commissioner = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER))]
ProviderUser = Annotated[Actor, Depends(acting_as(Role.PROVIDER))]
#: Registers a provider: the provider itself, or a commissioner onboarding it.
ProviderOrCommissioner = Annotated[Actor, Depends(acting_as(Role.PROVIDER, Role.COMMISSIONER))]
#: Removes a membership: the council, or the provider asking to leave.
CommissionerOrProvider = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.PROVIDER))]
#: Reads: what a provider reads is narrowed to its own records by the handlers.
Reader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR, Role.PROVIDER))]
CouncilReader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR))]
