"""The profile's top costs: self time per function, summed over the whole call tree.

The event loop waiting for I/O (``select``) is left out: it is idle time, not a cost.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def top_costs(profiler: Any, limit: int = 15) -> list[str]:
    session = profiler.last_session
    root = session.root_frame()
    totals: Counter[str] = Counter()
    stack = [root]
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        own = frame.time - sum(child.time for child in frame.children)
        owner = frame.parent if frame.is_synthetic and frame.parent is not None else frame
        idle = owner.function in ("select", "epoll.poll") or "selectors" in (
            owner.file_path or ""
        )
        if own > 0 and not idle:
            where = f"{owner.function} ({_short(owner.file_path)}:{owner.line_no})"
            if owner.file_path in (None, "<built-in>") and owner.parent is not None:
                caller = owner.parent
                while caller.parent is not None and "asyncio" in (caller.file_path or ""):
                    caller = caller.parent  # name who wrote, not the event loop's plumbing
                where += f" <- {caller.function} ({_short(caller.file_path)}:{caller.line_no})"
            totals[where] += own
    total = sum(totals.values()) or 1.0
    return [
        f"{seconds / total:6.1%} of busy  {seconds:6.2f}s  {where}"
        for where, seconds in totals.most_common(limit)
    ]


def _short(path: str | None) -> str:
    if not path:
        return "?"
    for marker in ("site-packages/", "/work/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def by_package(profiler: Any) -> list[str]:
    """Self time per package (sqlalchemy, asyncpg, nats, asyncio, our code ...)."""
    totals: Counter[str] = Counter()
    stack = [profiler.last_session.root_frame()]
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        own = frame.time - sum(child.time for child in frame.children)
        owner = frame.parent if frame.is_synthetic and frame.parent is not None else frame
        path = owner.file_path or ""
        if own <= 0 or owner.function in ("select", "epoll.poll"):
            continue
        if path in ("", "<built-in>") and owner.parent is not None:
            path = owner.parent.file_path or ""  # a C call is its caller's cost
        totals[_package(path)] += own
    total = sum(totals.values()) or 1.0
    return [f"{seconds / total:6.1%}  {name}" for name, seconds in totals.most_common(8)]


def _package(path: str) -> str:
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/shared/" in path:
        return "shared (ours)"
    if "/bench/" in path:
        return "bench"
    if "asyncio" in path:
        return "asyncio"
    return "other"
