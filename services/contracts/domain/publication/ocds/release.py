"""From a full snapshot of a process to the releases that publish its change.

A release carries the process's current state, except the items of identified lists (lots,
parties, awards, documents, amendments ...) already published unchanged: OCDS merges those
by ``id``, so the compiled record still holds them, and a release stays small however long
the process lives. A change that touches more than ``CHUNK`` items of one list goes out as
several releases, so each release, and the event that carries it, is bounded by
construction. The record is compiled with ``ocdsmerge`` (the OCDS merge rules), from the
previous compiled release and the new releases.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ocdsmerge.merge import CompiledRelease

from services.contracts.domain.publication.ocds.ids import release_id
from services.contracts.domain.publication.values import iso

#: The most items of one list a release carries (lots, parties, items, awards ...).
CHUNK = 25

#: The OCDS 1.1.5 merge rules (with the lots, techniques and UK extensions) for every path
#: these releases use; ``tests/publication`` checks them against the official schema.
MERGE_RULES: dict[tuple[str, ...], str] = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("parties", "roles"): "wholeListMerge",
    ("relatedProcesses", "relationship"): "wholeListMerge",
    ("relatedProcesses", "relatedLots"): "wholeListMerge",
    ("awards", "relatedLots"): "wholeListMerge",
    ("tender", "specialRegime"): "wholeListMerge",
}

#: Identified lists whose unchanged items a release leaves out (merged by ``id``).
PRUNED: frozenset[tuple[str, ...]] = frozenset({
    ("parties",), ("relatedProcesses",), ("tender", "lots"), ("tender", "items"),
    ("tender", "documents"), ("awards",), ("awards", "documents"), ("contracts",),
    ("contracts", "amendments"), ("contracts", "documents"),
    ("contracts", "implementation", "documents"),
})
#: Lists that may be long enough to split a change over several releases.
CHUNKED = (("parties",), ("tender", "lots"), ("tender", "items"), ("awards",))

ENVELOPE = ("ocid", "id", "date", "tag")


def canonical(value: Any) -> Any:
    """A value compared regardless of the order of identified items."""
    if isinstance(value, Mapping):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list) and value and all(
        isinstance(v, Mapping) and "id" in v for v in value
    ):
        return {str(v["id"]): canonical(v) for v in value}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def content(release: Mapping[str, Any]) -> Any:
    return canonical({k: v for k, v in release.items() if k not in ENVELOPE})


def changed(snapshot: Mapping[str, Any], compiled: Mapping[str, Any] | None) -> bool:
    return compiled is None or content(snapshot) != content(compiled)


def prune(new: Any, old: Any, path: tuple[str, ...] = ()) -> Any:
    """``new`` without the identified items that ``old`` already has, unchanged."""
    if isinstance(new, Mapping):
        out = {}
        for key, value in new.items():
            before = old.get(key) if isinstance(old, Mapping) else None
            kept = prune(value, before, (*path, key))
            if kept is not _EMPTY:
                out[key] = kept
        return out
    if path in PRUNED and isinstance(new, list):
        known = {str(v["id"]): v for v in old} if isinstance(old, list) else {}
        fresh = [prune(v, known.get(str(v["id"])), path) if isinstance(v, Mapping) else v
                 for v in new if canonical(known.get(str(v["id"]))) != canonical(v)]
        return fresh if fresh else _EMPTY
    return new


_EMPTY = object()


def _get(tree: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = tree
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _put(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = tree
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def chunks(body: dict[str, Any]) -> list[dict[str, Any]]:
    """One release body, or several when a list is longer than ``CHUNK``."""
    long = [p for p in CHUNKED if len(_get(body, p) or []) > CHUNK]
    if not long:
        return [body]
    rest: dict[tuple[str, ...], list[Any]] = {}
    for path in long:
        items = list(_get(body, path))
        _put(body, path, items[:CHUNK])
        rest[path] = items[CHUNK:]
    out = [body]
    while any(rest.values()):
        more: dict[str, Any] = {"ocid": body["ocid"], "initiationType": "tender"}
        for path, items in rest.items():
            if items:
                if path[0] == "tender":
                    more.setdefault("tender", {"id": body["tender"]["id"]})
                _put(more, path, items[:CHUNK])
                rest[path] = items[CHUNK:]
        out.append(more)
    return out


def releases_for(
    snapshot: dict[str, Any], compiled: Mapping[str, Any] | None, *, first_number: int,
    date: datetime, tags: Sequence[str],
) -> list[dict[str, Any]]:
    """The releases that take the record from ``compiled`` to ``snapshot`` (none if equal)."""
    if not changed(snapshot, compiled):
        return []
    body = prune(snapshot, compiled) if compiled else copy.deepcopy(snapshot)
    body = copy.deepcopy(body)
    body["ocid"] = snapshot["ocid"]
    body.setdefault("initiationType", "tender")
    out = []
    for n, part in enumerate(chunks(body)):
        release = {
            "ocid": snapshot["ocid"], "id": release_id(snapshot["ocid"], first_number + n),
            "date": iso(date), "tag": list(tags) if n == 0 else _updates(tags),
        }
        release.update({k: v for k, v in part.items() if k not in ENVELOPE})
        out.append(release)
    return out


def _updates(tags: Sequence[str]) -> list[str]:
    plain = {"tender": "tenderUpdate", "award": "awardUpdate", "contract": "contractUpdate",
             "implementation": "implementationUpdate"}
    return list(dict.fromkeys(plain.get(t, t) for t in tags))


def compile_record(
    compiled: Mapping[str, Any] | None, releases: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The compiled release after ``releases`` (ocdsmerge, the OCDS merge rules)."""
    merged = CompiledRelease(dict(compiled) if compiled else None, merge_rules=MERGE_RULES)
    for release in releases:
        merged.append(dict(release))
    return merged.asdict()


def compile_all(releases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A record compiled from scratch (what ``compile_record`` keeps up incrementally)."""
    merged = CompiledRelease(merge_rules=MERGE_RULES)
    merged.extend([dict(r) for r in releases])
    return merged.asdict()
