"""Dependencies: a fresh registry unit of work and the service's clock; a page's body."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from services.registry.store import RegistryUnitOfWork
from shared.http.deps import ClockDep, new_uow
from shared.paging import Page

__all__ = ["ClockDep", "Uow", "page_body"]

Uow = Annotated[RegistryUnitOfWork, Depends(new_uow)]


def page_body(page: Page[Any]) -> dict[str, Any]:
    """A page as its ``PageRead`` reads it (the items straight from the domain objects)."""
    return {"items": page.items, "next_cursor": page.next_cursor}
