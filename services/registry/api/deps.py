"""Dependencies: a fresh registry unit of work and the service's clock."""

from __future__ import annotations

from services.registry.store import RegistryUnitOfWork
from shared.http import deps
from shared.http.deps import ClockDep

__all__ = ["ClockDep", "Uow"]

Uow = deps.Uow[RegistryUnitOfWork]
