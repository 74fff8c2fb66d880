"""Who is acting in the registry: the shared ``Actor`` and its rules, as the registry uses them.

The gateway's JWT becomes an ``Actor`` at the edge; the domain checks it, so a handler that
forgets a check cannot let a provider decide its own application. "A provider acts and reads
only for its own organisation" is ``shared.actors.require_visible``, and only that: another
provider's record is refused exactly as a missing one.
"""

from __future__ import annotations

from uuid import UUID

from shared.actors import Actor, Role, require_role, require_visible, system_actor
from shared.errors import NotFound

__all__ = ["SYSTEM", "Actor", "Role", "require_owner", "require_role", "require_visible"]

#: Who "decides" what the clock decides: a suspension for a missed deadline, an expiry.
SYSTEM = system_actor("registry")


def require_owner(actor: Actor, owner_id: UUID, hidden: NotFound) -> None:
    """The actor is a user of the provider ``owner_id`` (only a provider's own users act for
    it); to any other provider the record is ``hidden``, as if it did not exist."""
    require_role(actor, Role.PROVIDER)
    require_visible(actor, owner_id, hidden)
