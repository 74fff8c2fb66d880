"""Dependencies: a fresh registry unit of work and the service's clock; a page's body."""

from __future__ import annotations

from services.registry.store import RegistryUnitOfWork
from shared.http import deps
from shared.http.deps import ClockDep
from shared.http.pagination import page_body

__all__ = ["ClockDep", "Uow", "page_body"]

Uow = deps.Uow[RegistryUnitOfWork]
