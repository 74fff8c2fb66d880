"""How a provider organisation is known: its id is derived from the ``org`` claim.

The gateway's token names the caller's organisation (``org``). A provider's id is the UUID5
of that claim, so every service derives the same provider id from a provider user's token
without a lookup, and a commissioner onboarding a provider names the same organisation.
"""

from __future__ import annotations

from uuid import UUID, uuid5

#: Fixed for ever: changing it would orphan every provider in every service.
PROVIDER_NAMESPACE = UUID("6f1d3c2e-8a4b-5c7d-9e0f-2a1b3c4d5e6f")


def provider_id_for(organisation: str) -> UUID:
    return uuid5(PROVIDER_NAMESPACE, organisation.strip())
