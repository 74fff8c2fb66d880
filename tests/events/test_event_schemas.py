"""Contract tests: each published event's JSON schema against its committed snapshot.

A removed, retyped or newly required field breaks consumers and fails here; the fix is a
new ``.v2`` subject, not an edited snapshot. After an additive change (a new optional field)
regenerate with ``UPDATE_SNAPSHOTS=1 pytest tests/events/test_event_schemas.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from shared.events import all_event_classes
from shared.events.base import Event

SNAPSHOTS = Path(__file__).parent / "snapshots"
PRODUCERS = ("registry", "calloff", "evaluation", "contracts")
PUBLISHED = {
    s: c for s, c in sorted(all_event_classes().items()) if s.split(".")[1] in PRODUCERS
}
UPDATING = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def schema_of(cls: type[Event]) -> dict[str, Any]:
    return json.loads(json.dumps(cls.model_json_schema(), sort_keys=True))


def write_snapshot(subject: str, schema: dict[str, Any]) -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    (SNAPSHOTS / f"{subject}.json").write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a consumer built on ``old`` would trip over in ``new``."""
    problems = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, spec in old_props.items():
        if name not in new_props:
            problems.append(f"field {name!r} removed")
        elif _type_of(spec) != _type_of(new_props[name]):
            was, now = _type_of(spec), _type_of(new_props[name])
            problems.append(f"field {name!r} retyped: {was} -> {now}")
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"field {name!r} is newly required")
    for name, spec in old.get("$defs", {}).items():
        inner = breaking_changes(spec, new.get("$defs", {}).get(name, {}))
        problems += [f"{name}.{p}" for p in inner]
    return problems


def _type_of(spec: dict[str, Any]) -> Any:
    keys = ("type", "format", "$ref", "anyOf", "items", "enum", "const")
    return {k: spec[k] for k in keys if k in spec}


def test_every_event_has_a_subject_of_the_agreed_form():
    assert {s.split(".")[1] for s in PUBLISHED} == set(PRODUCERS)
    for subject, cls in PUBLISHED.items():
        parts = subject.split(".")
        assert len(parts) == 4 and parts[0] == "dps" and parts[3] == "v1", subject
        assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__name__} needs a docstring"
        assert {"id", "occurred_at", "schema_version"} <= set(cls.model_fields)


@pytest.mark.parametrize("subject", list(PUBLISHED))
def test_event_schema_has_no_breaking_change_from_snapshot(subject):
    schema = schema_of(PUBLISHED[subject])
    path = SNAPSHOTS / f"{subject}.json"
    if UPDATING:
        write_snapshot(subject, schema)
    assert path.exists(), f"no snapshot for {subject}: run with UPDATE_SNAPSHOTS=1"
    problems = breaking_changes(json.loads(path.read_text()), schema)
    assert not problems, f"{subject}: {problems}; publish a .v2 subject instead"


@pytest.mark.parametrize("subject", list(PUBLISHED))
def test_event_schema_snapshot_is_current(subject):
    path = SNAPSHOTS / f"{subject}.json"
    assert path.exists(), f"no snapshot for {subject}: run with UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text()) == schema_of(PUBLISHED[subject]), (
        f"{subject} changed; if the change is additive, regenerate with UPDATE_SNAPSHOTS=1"
    )


def test_every_snapshot_belongs_to_a_live_subject():
    stale = {p.stem for p in SNAPSHOTS.glob("*.json")} - set(PUBLISHED)
    assert not stale, f"snapshots without an event class (removed subject?): {stale}"


def test_breaking_change_detector_catches_removed_retyped_and_newly_required_fields():
    old = {"properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"]}
    assert breaking_changes(old, old) == []
    removed = {"properties": {"a": {"type": "string"}}, "required": ["a"]}
    retyped = {
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a"]
    }
    required = {**old, "required": ["a", "b"]}
    added = {"properties": {**old["properties"], "c": {"type": "string"}}, "required": ["a"]}
    assert breaking_changes(old, removed) == ["field 'b' removed"]
    assert breaking_changes(old, retyped) == [
        "field 'a' retyped: {'type': 'string'} -> {'type': 'integer'}"
    ]
    assert breaking_changes(old, required) == ["field 'b' is newly required"]
    assert breaking_changes(old, added) == []
