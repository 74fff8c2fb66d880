"""Who is acting: the role decides what they may do, and a provider only acts for itself.

The gateway's JWT becomes an ``Actor`` at the edge; the domain checks it, so a handler that
forgets a check cannot let a provider decide its own application.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from services.registry.domain.errors import NotYourOrganisation, RoleNotPermitted


class Role(StrEnum):
    COMMISSIONER = "commissioner"
    PROVIDER = "provider"
    AUDITOR = "auditor"
    #: The service itself, acting on the clock (the ticker); never a person.
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """An opaque user id (never a name or e-mail), a role, and a provider's own organisation."""

    id: str
    role: Role
    provider_id: UUID | None = None

    def __post_init__(self) -> None:
        if self.role is Role.PROVIDER and self.provider_id is None:
            raise ValueError("a provider actor must name its organisation (provider_id)")


#: Who "decides" what the clock decides: a suspension for a missed deadline, an expiry.
SYSTEM = Actor(id="system:registry", role=Role.SYSTEM)


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        allowed = " or ".join(r.value for r in roles)
        raise RoleNotPermitted(
            f"Only a {allowed} may do this; you are acting as {actor.role.value}.",
            role=actor.role.value,
            allowed=[r.value for r in roles],
        )


def require_provider(actor: Actor, provider_id: UUID) -> None:
    """The actor is that provider's own user (no one else acts for a provider)."""
    require_role(actor, Role.PROVIDER)
    if actor.provider_id != provider_id:
        raise NotYourOrganisation(
            "You can act only for your own organisation's records.",
            provider_id=str(provider_id),
        )


def require_can_read(actor: Actor, provider_id: UUID) -> None:
    """Commissioners and auditors read everything; a provider reads only its own records."""
    if actor.role in (Role.COMMISSIONER, Role.AUDITOR):
        return
    require_provider(actor, provider_id)
