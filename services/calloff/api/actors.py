"""Who may call the call-off service's routes: the role aliases. The domain checks the
actor again (a provider only ever acts for its own organisation)."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.actors import acting_as

C, P, A = Role.COMMISSIONER, Role.PRACTITIONER, Role.AUDITOR

#: The members of a lot, the audit trail, the log of accesses to a person's identity.
CouncilReader = Annotated[Actor, Depends(acting_as(C, A))]
#: Requirements (their advertised details): the council side that raises and follows them.
RequirementReader = Annotated[Actor, Depends(acting_as(C, P, A))]
RequirementWriter = Annotated[Actor, Depends(acting_as(P, C))]
#: The person's identity: the council side that raised it, and the awarded provider only.
PersonReader = Annotated[Actor, Depends(acting_as(P, C, Role.PROVIDER))]
#: Call-offs and what hangs off them: the council side, and invited providers (their own).
CallOffReader = Annotated[Actor, Depends(acting_as(C, P, A, Role.PROVIDER))]
#: Responses: the council side that runs the competition, and each provider its own.
ResponseReader = Annotated[Actor, Depends(acting_as(C, A, Role.PROVIDER))]
Commissioner = Annotated[Actor, Depends(acting_as(C))]
Provider = Annotated[Actor, Depends(acting_as(Role.PROVIDER))]
Operator = Annotated[Actor, Depends(acting_as(Role.OPERATOR))]
