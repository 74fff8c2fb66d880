"""Who may call the evaluation service's routes: role aliases on ``shared.http.actors``.

The route lets a role in; the domain decides the rest (an evaluator acts only on an
evaluation it sits on, on what it is assigned; the moderator is a named person; a provider
reads only its own summary).
"""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.actors import acting_as

Commissioner = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER))]
Evaluator = Annotated[Actor, Depends(acting_as(Role.EVALUATOR))]
ProviderUser = Annotated[Actor, Depends(acting_as(Role.PROVIDER))]
#: Declares conflicts: an evaluator, or a moderator (an evaluator or a commissioner).
PanelMember = Annotated[Actor, Depends(acting_as(Role.EVALUATOR, Role.COMMISSIONER))]
#: Reads an evaluation: the council, and the evaluators who sit on it.
Reader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR, Role.EVALUATOR))]
CouncilReader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR))]
#: Reads one assessment summary: the council, or the provider it is for.
SummaryReader = Annotated[
    Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR, Role.PROVIDER))
]
