"""Every list route answers one page: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from shared.paging import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT, Page, PageRequest

T = TypeVar("T")


class PageRead(BaseModel, Generic[T]):
    """One page of a list. Pass ``next_cursor`` back as ``cursor`` for the next page; it is
    null on the last page."""

    items: list[T]
    next_cursor: str | None = Field(default=None, max_length=MAX_CURSOR_LENGTH)


async def page_request(  # async: a plain def would be run on a worker thread
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            pattern=r"^[A-Za-z0-9_-]*$",
            description="The next_cursor of the previous page; leave out for the first page.",
        ),
    ] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor or None)


PageParams = Annotated[PageRequest, Depends(page_request)]


def page_body(page: Page[Any]) -> dict[str, Any]:
    """A page as its ``PageRead`` reads it (the items straight from the domain objects)."""
    return {"items": page.items, "next_cursor": page.next_cursor}
