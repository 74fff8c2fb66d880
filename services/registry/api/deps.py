"""Dependencies: a fresh registry unit of work and the service's clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.registry.store import RegistryUnitOfWork
from shared.http.deps import ClockDep, new_uow

__all__ = ["ClockDep", "Uow"]

Uow = Annotated[RegistryUnitOfWork, Depends(new_uow)]
