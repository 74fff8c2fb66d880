"""Column types that give the domain back exactly what it stored.

``JsonOf(T)`` keeps a value of any type pydantic can read and write (event parts such as
``CallOffTerms``, lists of the domain's frozen dataclasses) as JSON, and reads it back as
``T``. ``StrEnumType`` keeps a ``StrEnum`` as its value and reads it back as the member, so
the domain may compare members by identity.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import JSON, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class JsonOf(TypeDecorator[Any]):
    impl = JSON
    cache_ok = True

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model
        self._adapter: TypeAdapter[Any] = TypeAdapter(model)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.dump_python(value, mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.validate_python(value)


class StrEnumType(TypeDecorator[StrEnum]):
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
