"""The one place where the gateway's caller (a verified JWT) becomes the domain's Actor.

The route names the roles it accepts, in order of preference; the caller acts in the first
of them its token holds. A provider user acts for the provider derived from its ``org``
claim (``identity.provider_id_for``), and the domain refuses anything it tries to do to
another provider's records. The actor's id is the token's opaque subject, never a name.
"""

# No "from __future__ import annotations": FastAPI must see the closure's real annotation.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from services.registry.domain.actors import Actor, Role
from services.registry.handlers.identity import provider_id_for
from shared.http.auth import Caller, require_roles
from shared.http.auth import Role as TokenRole


def actor_for(caller: Caller, roles: tuple[Role, ...]) -> Actor:
    for role in roles:
        if caller.has(TokenRole(role.value)):
            if role is Role.PROVIDER:
                return Actor(caller.subject, role, provider_id_for(caller.organisation))
            return Actor(caller.subject, role)
    raise AssertionError("require_roles let through a caller with none of the roles")


def acting_as(*roles: Role) -> Callable[[Caller], Actor]:
    """A dependency: 401 without a valid token, 403 without one of ``roles``, else the Actor."""
    guard = require_roles(*(TokenRole(r.value) for r in roles))

    def dependency(caller: Annotated[Caller, Depends(guard)]) -> Actor:
        return actor_for(caller, roles)

    return dependency


Commissioner = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER))]
ProviderUser = Annotated[Actor, Depends(acting_as(Role.PROVIDER))]
#: Registers a provider: the provider itself, or a commissioner onboarding it.
ProviderOrCommissioner = Annotated[Actor, Depends(acting_as(Role.PROVIDER, Role.COMMISSIONER))]
#: Removes a membership: the council, or the provider asking to leave.
CommissionerOrProvider = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.PROVIDER))]
#: Reads: what a provider reads is narrowed to its own records by the handlers.
Reader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR, Role.PROVIDER))]
CouncilReader = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER, Role.AUDITOR))]
