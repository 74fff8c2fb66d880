"""Who is acting, in the domain's words: a person in a role, for an organisation.

The gateway's JWT becomes an ``Actor`` at the HTTP edge (``shared.http.actors``); every
domain checks the actor itself, so a use case that forgets a check cannot let a provider
act for another. Pure Python: domains import this, never the HTTP layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared.errors import NotFound, NotPermitted


class Role(StrEnum):
    COMMISSIONER = "commissioner"
    PRACTITIONER = "practitioner"
    PROVIDER = "provider"
    EVALUATOR = "evaluator"
    APPROVER = "approver"
    AUDITOR = "auditor"
    FINANCE = "finance"
    OPERATOR = "operator"  # platform operations, not a council role
    #: The service itself acting on the clock (a ticker) or on an event; never in a token.
    SYSTEM = "system"


#: Roles a token may carry (``system`` is the services' own, never a person's).
TOKEN_ROLES = frozenset(r for r in Role if r is not Role.SYSTEM)


class RoleNotPermitted(NotPermitted):
    code = "role_not_permitted"


@dataclass(frozen=True, slots=True)
class Actor:
    """An opaque user id (never a name or e-mail), the role acted in, the organisation.

    A provider's user acts for exactly one provider, ``provider_id``, derived from its
    organisation (``shared.identity``). ``approval_limit`` is an approver's delegated
    authority in pounds.
    """

    id: str
    role: Role
    organisation: str = ""
    provider_id: UUID | None = None
    approval_limit: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("an actor needs an id")
        if self.role is Role.PROVIDER and self.provider_id is None:
            raise ValueError("a provider actor must name its organisation (provider_id)")

    @property
    def is_provider(self) -> bool:
        return self.role is Role.PROVIDER

    def may_see(self, provider_id: UUID | None) -> bool:
        """A provider sees only its own organisation's records; the council side sees all."""
        return not self.is_provider or (provider_id is not None and provider_id == self.provider_id)


def system_actor(service: str) -> Actor:
    """Who "decides" what the clock or an event decides in ``service``."""
    return Actor(id=f"system:{service}", role=Role.SYSTEM)


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        allowed = " or ".join(r.value for r in roles)
        raise RoleNotPermitted(
            f"Only a {allowed} may do this; you are acting as {actor.role.value}.",
            role=actor.role.value,
            allowed=[r.value for r in roles],
        )


def require_visible(actor: Actor, provider_id: UUID | None, hidden: NotFound) -> None:
    """THE rule "a provider acts and reads only for its own organisation", for every service.

    Another provider's record is reported exactly as a missing one (``hidden``, built by the
    caller the same way as for a record that does not exist), so neither the status nor the
    body tells a provider that the record exists, let alone whose it is.
    """
    if not actor.may_see(provider_id):
        raise hidden
