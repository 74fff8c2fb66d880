"""Column types that give the domain back exactly what it stored.

SQLite forgets the time zone of a ``DateTime(timezone=True)``, and the domain compares
aware instants and enum members by identity (``status is DpsStatus.OPEN``), so both are
restored on the way out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class AwareDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on PostgreSQL and SQLite alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type:  # keyset cursors read it to type their values
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone-aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite stores the UTC wall time without its zone
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StrEnumType(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value in a VARCHAR, loaded back as the enum member."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int = 40) -> None:
        super().__init__(length=length)
        self.enum = enum

    @property
    def python_type(self) -> type:
        return str

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)
