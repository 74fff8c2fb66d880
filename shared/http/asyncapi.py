"""``/asyncapi.json``: the events a service publishes and consumes, each with its schema.

Built from the event classes themselves (``shared/events``), the one source of each event's
contract, so the document cannot drift from what is sent: an AsyncAPI 3.0 channel per
subject, a ``send`` operation per event published, a ``receive`` operation per event consumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shared.events.base import Event


def asyncapi_document(
    *,
    title: str,
    version: str,
    description: str,
    publishes: Iterable[type[Event]],
    consumes: Iterable[type[Event]],
) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}

    def channel(event: type[Event]) -> str:
        name = event.__name__
        if name not in channels:
            schema = event.model_json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema
            messages[name] = {
                "name": name,
                "title": name,
                "summary": (event.__doc__ or "").strip().splitlines()[0] if event.__doc__ else "",
                "contentType": "application/json",
                "payload": {"$ref": f"#/components/schemas/{name}"},
            }
            channels[name] = {
                "address": event.subject_name,
                "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            }
        return name

    for action, verb, events in (
        ("send", "Publishes", publishes),
        ("receive", "Consumes", consumes),
    ):
        for event in events:
            name = channel(event)
            operations[f"{action}{name}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{name}"},
                "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
                "summary": f"{verb} {event.subject_name}",
            }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": title, "version": version, "description": description},
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
