"""Keyset pagination for every list: a page of items and an opaque cursor to the next one.

A list is ordered by some columns ending in a unique one (``name, id``); the cursor is the
last item's values of those columns, so a page never repeats or skips a row when others are
added meanwhile, and the database walks an index instead of counting an offset.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Select, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import RuleBroken

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: A cursor longer than this was not made by us.
MAX_CURSOR_LENGTH = 512


class InvalidCursor(RuleBroken):
    code = "invalid_cursor"


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: Sequence[Any]) -> str:
    text = json.dumps([_plain(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, UUID | datetime | date | Decimal):
        return value.isoformat() if isinstance(value, datetime | date) else str(value)
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def decode_cursor(cursor: str, columns: Sequence[ColumnElement[Any]]) -> tuple[Any, ...]:
    refused = InvalidCursor(
        "The cursor is not one this list gave out: start again without it.", field="cursor"
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise refused from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise refused
    try:
        return tuple(_typed(v, c) for v, c in zip(values, columns, strict=True))
    except (TypeError, ValueError, OverflowError):
        raise refused from None


def _python_type(column: ColumnElement[Any]) -> type:
    """The column's Python type, looking through a ``TypeDecorator`` that does not say."""
    kind: Any = column.type
    try:
        found: type = kind.python_type
    except NotImplementedError:
        found = object
    if found is object and hasattr(kind, "impl_instance"):
        found = kind.impl_instance.python_type
    return found


def _typed(value: Any, column: ColumnElement[Any]) -> Any:
    python_type = _python_type(column)
    if value is None:
        return None
    if python_type is UUID:
        return UUID(str(value))
    if python_type is datetime:
        return datetime.fromisoformat(str(value))
    if python_type is date:
        return date.fromisoformat(str(value))
    if python_type is Decimal:
        return Decimal(str(value))
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("not an integer")
        return value
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


async def keyset_page(
    session: AsyncSession,
    query: Select[Any],
    request: PageRequest,
    order_by: Sequence[ColumnElement[Any]],
    *,
    key: Callable[[Any], Sequence[Any]] | None = None,
    scalars: bool = True,
) -> Page[Any]:
    """One page of ``query`` in ``order_by`` order (ascending; the last column unique).

    ``key`` gives an item's values of ``order_by`` (default: the attributes named like the
    columns). ``scalars=False`` pages rows of a Core query instead of mapped objects.
    """
    if request.cursor:
        after = decode_cursor(request.cursor, order_by)
        bound = [literal(v, type_=c.type) for v, c in zip(after, order_by, strict=True)]
        query = query.where(tuple_(*order_by) > tuple_(*bound))
    result = await session.execute(query.order_by(*order_by).limit(request.limit + 1))
    items = list(result.scalars().all() if scalars else result.all())
    if len(items) <= request.limit:
        return Page(items, None)
    items = items[: request.limit]
    last = items[-1]
    values = key(last) if key else [getattr(last, c.key) for c in order_by]  # type: ignore[attr-defined]
    return Page(items, encode_cursor(values))
