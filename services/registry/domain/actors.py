"""Who is acting in the registry: the shared ``Actor`` and the registry's provider checks.

The gateway's JWT becomes an ``Actor`` at the edge; the domain checks it, so a handler that
forgets a check cannot let a provider decide its own application.
"""

from __future__ import annotations

from uuid import UUID

from services.registry.domain.errors import NotYourOrganisation
from shared.actors import Actor, Role, require_role, system_actor

__all__ = ["SYSTEM", "Actor", "Role", "require_can_read", "require_provider", "require_role"]

#: Who "decides" what the clock decides: a suspension for a missed deadline, an expiry.
SYSTEM = system_actor("registry")


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
