"""The garbage collector, set for a long-running service once it has started.

CPython's cyclic collector scans every tracked object of a generation each time it runs. A
service keeps a large heap that never becomes garbage (modules, the app and its routes,
SQLAlchemy's mappers and compiled statements, pydantic's validators), and a request that
builds many objects (a call-off inviting ten thousand providers) triggers full collections
that scan all of it again: about a quarter of that request's time on this project's CI
machines. So, once per process, after start-up: collect what start-up left, move the rest
out of the collector's sight (``gc.freeze``; reference counting still frees it), and let
the youngest generation grow larger before it is collected.
"""

from __future__ import annotations

import gc

#: Allocations (minus deallocations) before the youngest generation is collected
#: (CPython's default is 700); the older two keep their defaults.
YOUNGEST_THRESHOLD = 10_000

_settled = False


def settle_after_start() -> None:
    """Freeze the start-up heap and raise the youngest threshold, once per process."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    youngest, middle, oldest = gc.get_threshold()
    gc.set_threshold(max(YOUNGEST_THRESHOLD, youngest), middle, oldest)
