"""Imperative mapping: the domain classes stay plain Python; each feature maps its own onto
its tables. Every relationship loads eagerly (``selectin``: an async session cannot lazy
load); aggregate roots carry a ``version`` column, so two changes to one aggregate at the
same moment cannot both win. ``start_mappers`` is idempotent."""

from __future__ import annotations

from services.contracts.store.awards import map_awards
from services.contracts.store.contracts import map_contracts
from services.contracts.store.delegation import map_delegation
from services.contracts.store.placements import map_placements
from services.contracts.store.publication import map_publication
from services.contracts.store.spend import map_spend

_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    map_awards()
    map_contracts()
    map_delegation()
    map_placements()
    map_publication()
    map_spend()
