"""Compare domain objects by value: every attribute, children included, recursively."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

_SKIP = {"_sa_instance_state", "_pending_events"}


def snapshot(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [snapshot(v) for v in value]
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, Decimal):
        return ("Decimal", str(value.normalize()))
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {
            "__class__": type(value).__name__,
            **{k: snapshot(v) for k, v in sorted(vars(value).items()) if k not in _SKIP},
        }
    return value
