"""The building blocks of every service's bounded input types (``handlers/fields.py``,
``api/models``): what a column or an event cannot keep is refused with a 422 naming the
field, before any handler runs.

Strings have a maximum length and no NUL character (PostgreSQL cannot store one); amounts
are strings with their places, never JSON numbers (13.6 as a binary float is not 13.60);
moments carry their time zone, lie within the years the domain computes on, and are kept
in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field

#: No NUL character anywhere in a string.
NO_NUL = r"^[^\x00]*$"


def text(max_length: int, *, min_length: int = 0, **field: Any) -> Any:
    """A string of at most ``max_length`` characters, with no NUL."""
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length, pattern=NO_NUL, **field)
    ]


def no_float(value: Any) -> Any:
    """Refuse a JSON number where an exact amount is meant: amounts travel as strings."""
    if isinstance(value, float):
        raise ValueError('give amounts as strings, e.g. "13.60", never as JSON numbers')
    return value


def moment_between(first_year: int, last_year: int) -> Any:
    """A moment with its time zone, in ``first_year``..``last_year``, kept in UTC."""

    def bounded(value: datetime) -> datetime:
        if not first_year <= value.year <= last_year:
            raise ValueError(f"must lie between {first_year} and {last_year}")
        return value.astimezone(UTC)

    return Annotated[AwareDatetime, AfterValidator(bounded)]
