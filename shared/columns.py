"""Column types that give a service's domain back exactly what it stored.

``StrEnumType`` keeps a ``StrEnum`` as its value in a VARCHAR and reads it back as the
member, so the domain may compare members by identity (``status is DpsStatus.OPEN``).
``JsonOf(T)`` keeps a value object of any type pydantic can read and write (an event's part,
a list of the domain's frozen dataclasses) as JSON, amounts as strings and dates as ISO
text, and reads it back as ``T``. (``shared.db.AwareDateTime`` keeps instants aware.)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import JSON, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


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


class JsonOf(TypeDecorator[Any]):
    """A value of type ``shape`` kept as JSON and read back as that type."""

    impl = JSON
    cache_ok = True

    def __init__(self, shape: Any) -> None:
        super().__init__()
        self.shape = shape

    @property
    def _adapter(self) -> TypeAdapter[Any]:
        # Built on first use and kept (not in __init__: SQLAlchemy copies types freely).
        adapter = self.__dict__.get("_cached_adapter")
        if adapter is None:
            adapter = self.__dict__["_cached_adapter"] = TypeAdapter(self.shape)
        return adapter

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.dump_python(value, mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.validate_python(value)
