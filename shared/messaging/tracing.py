"""W3C ``traceparent`` carried from the HTTP request, through the outbox, to the consumer."""

from __future__ import annotations

import random
import re
from contextvars import ContextVar

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
current_traceparent: ContextVar[str | None] = ContextVar("current_traceparent", default=None)


def _random_hex(bits: int) -> str:
    """Random ids as OpenTelemetry's SDK makes them (``random.getrandbits``): ids must be
    unique, not secret, and the OS's random source costs a system call per request."""
    value = random.getrandbits(bits)
    while not value:  # all zeros is an invalid id
        value = random.getrandbits(bits)
    return f"{value:0{bits // 4}x}"


def new_span_id() -> str:
    return _random_hex(64)


def new_traceparent(parent: str | None = None) -> str:
    """A child of ``parent`` (same trace id, new span id), or a new trace."""
    match = _TRACEPARENT.match(parent or "")
    trace_id = match.group(1) if match else _random_hex(128)
    flags = match.group(3) if match else "01"
    return f"00-{trace_id}-{new_span_id()}-{flags}"


def is_valid(traceparent: str | None) -> bool:
    return bool(_TRACEPARENT.match(traceparent or ""))


def trace_id(traceparent: str) -> str:
    match = _TRACEPARENT.match(traceparent)
    return match.group(1) if match else ""
