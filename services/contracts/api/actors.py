"""Who may call the contracts service's routes: the role aliases.

What a provider reads is narrowed to its own offers and contracts by the domain
(``require_visible``): another provider's is a 404, exactly like a missing one.
"""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.actors import acting_as

C, A, F, P, AP = Role.COMMISSIONER, Role.AUDITOR, Role.FINANCE, Role.PROVIDER, Role.APPROVER

Commissioner = Annotated[Actor, Depends(acting_as(C))]
Approver = Annotated[Actor, Depends(acting_as(AP))]
ProviderUser = Annotated[Actor, Depends(acting_as(P))]
#: Awards: the approvers and the council read all; a provider, its own offers.
AwardReader = Annotated[Actor, Depends(acting_as(AP, C, A, P))]
#: Contracts: the council, finance and auditors read all; a provider, its own.
ContractReader = Annotated[Actor, Depends(acting_as(C, F, A, P))]
SchemeReader = Annotated[Actor, Depends(acting_as(C, AP, A))]
CouncilReader = Annotated[Actor, Depends(acting_as(C, A))]
SpendReader = Annotated[Actor, Depends(acting_as(C, F, A))]
