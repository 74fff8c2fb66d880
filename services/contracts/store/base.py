"""What every part of the contracts store shares: the metadata (with the outbox, inbox and
known-DPS tables), the ORM registry the aggregates are mapped with, and the column types
that give the domain back exactly what it stored.

Each feature keeps its tables, mapping and repositories in a module of its own
(``awards``, ``contracts``, ...); ``tables`` imports them all so the metadata is complete.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import JSON, Column, ForeignKey, Integer, Numeric, String, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import registry, relationship
from sqlalchemy.types import TypeDecorator

from services.contracts.domain import limits as n
from shared.db import new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)
mapper_registry = registry()

MONEY = Numeric(n.MONEY_DIGITS, n.MONEY_PLACES)
MEASURE = Numeric(n.MEASURE_DIGITS, n.MEASURE_PLACES)


class StrEnumType(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value, loaded back as the enum member."""

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


class PydanticJSON(TypeDecorator[Any]):
    """A value object (a pydantic model, a dataclass, a list of them) kept as JSON: amounts
    as strings, dates as ISO text, read back as the same objects."""

    impl = JSON
    cache_ok = True

    def __init__(self, shape: Any) -> None:
        super().__init__()
        self.shape = shape

    @property
    def _adapter(self) -> TypeAdapter[Any]:
        adapter = self.__dict__.get("_cached_adapter")
        if adapter is None:
            adapter = self.__dict__["_cached_adapter"] = TypeAdapter(self.shape)
        return adapter

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.dump_python(value, mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.validate_python(value)


def parent(name: str, table: str) -> Column[Any]:
    return Column(name, Uuid, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False,
                  index=True)


def position() -> Column[Any]:
    return Column("position", Integer, nullable=False)


def children(cls: type, table: Any) -> Any:
    """An ordered list of child rows that live and die with their parent."""
    return relationship(
        cls, lazy="selectin", cascade="all, delete-orphan", order_by=table.c.position,
        collection_class=ordering_list("position"),
    )
