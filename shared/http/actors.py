"""The one place where the gateway's caller (a verified JWT) becomes the domain's ``Actor``.

A route names the roles it accepts, in order of preference; the caller acts in the first
of them its token holds. A provider user acts for the provider derived from its ``org``
claim (``shared.identity``); the domain refuses anything it tries on another provider's
records. The actor's id is the token's opaque subject, never a name.

Each service declares its own aliases once, e.g.
``Commissioner = Annotated[Actor, Depends(acting_as(Role.COMMISSIONER))]``.
"""

# No "from __future__ import annotations": FastAPI must see the closure's real annotation.

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends

from shared.actors import Actor, Role
from shared.http.auth import Caller, require_roles
from shared.identity import provider_id_for


def actor_for(caller: Caller, roles: tuple[Role, ...]) -> Actor:
    for role in roles:
        if caller.has(role):
            return Actor(
                id=caller.subject,
                role=role,
                organisation=caller.organisation,
                provider_id=provider_id_for(caller.organisation) if role is Role.PROVIDER else None,
                approval_limit=caller.approval_limit,
            )
    raise AssertionError("require_roles let through a caller with none of the roles")


def acting_as(*roles: Role) -> Callable[[Caller], Awaitable[Actor]]:
    """A dependency: 401 without a valid token, 403 without one of ``roles``, else the Actor."""
    guard = require_roles(*roles)

    async def dependency(caller: Annotated[Caller, Depends(guard)]) -> Actor:  # no thread hop
        return actor_for(caller, roles)

    return dependency
