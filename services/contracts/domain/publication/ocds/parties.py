"""Parties: the buyers (a joint commission has several) and the suppliers awarded."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from services.contracts.domain.publication.ocds.ids import buyer_party_id, supplier_party_id
from services.contracts.domain.publication.values import clean


def buyer(name: str) -> dict[str, object]:
    return {"id": buyer_party_id(name), "name": clean(name)}


def buyers(names: Iterable[str], lead: str | None) -> list[dict[str, object]]:
    """Every buyer, the lead first. A joint commission's partners are buyers too."""
    ordered = list(dict.fromkeys([*([lead] if lead else []), *names]))
    return [{**buyer(name), "roles": ["buyer"]} for name in ordered]


def supplier(provider_id: UUID, name: str | None) -> dict[str, object]:
    party: dict[str, object] = {"id": supplier_party_id(provider_id)}
    if name:
        party["name"] = clean(name)
    return party
