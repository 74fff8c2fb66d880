"""An event on the wire: JSON body and CloudEvents NATS-binding headers.

``ce-id``, ``ce-type``, ``ce-source``, ``ce-time``, ``ce-specversion`` let neighbouring
systems read our events with any CloudEvents SDK; ``Nats-Msg-Id`` (= the event id) lets
JetStream drop a re-sent copy; ``traceparent`` follows the request across services.
"""

from __future__ import annotations

import secrets

from shared.events.base import Event
from shared.messaging.tracing import current_traceparent, new_traceparent

SPEC_VERSION = "1.0"


def headers_for(event: Event, source: str) -> dict[str, str]:
    return {
        "ce-id": str(event.id),
        "ce-type": event.subject_name,
        "ce-source": source,
        "ce-time": event.occurred_at.isoformat(),
        "ce-specversion": SPEC_VERSION,
        "ce-dataschema": f"urn:care-dps:schema:{event.subject_name}:{event.schema_version}",
        "content-type": "application/json",
        "Nats-Msg-Id": str(event.id),
        "traceparent": new_traceparent(current_traceparent.get()),
    }


def headers_for_many(events: list[Event], source: str) -> list[dict[str, str]]:
    """``headers_for`` each event, the request's trace context read once for all (each
    event still gets a span of its own)."""
    parent = new_traceparent(current_traceparent.get())
    prefix, flags = parent[:36], parent[-3:]
    out = []
    for event in events:
        event_id = str(event.id)
        subject = event.subject_name
        out.append({
            "ce-id": event_id,
            "ce-type": subject,
            "ce-source": source,
            "ce-time": event.occurred_at.isoformat(),
            "ce-specversion": SPEC_VERSION,
            "ce-dataschema": f"urn:care-dps:schema:{subject}:{event.schema_version}",
            "content-type": "application/json",
            "Nats-Msg-Id": event_id,
            "traceparent": f"{prefix}{secrets.token_hex(8)}{flags}",
        })
    return out


def body_for(event: Event) -> str:
    return event.model_dump_json()
