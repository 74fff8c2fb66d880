"""An event on the wire: JSON body and CloudEvents NATS-binding headers.

``ce-id``, ``ce-type``, ``ce-source``, ``ce-time``, ``ce-specversion`` let neighbouring
systems read our events with any CloudEvents SDK; ``Nats-Msg-Id`` (= the event id) lets
JetStream drop a re-sent copy; ``traceparent`` follows the request across services.
"""

from __future__ import annotations

import json

from shared.events.base import Event
from shared.messaging.tracing import current_traceparent, new_span_id, new_traceparent

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


def headers_json_for_many(events: list[Event], source: str) -> list[str]:
    """``headers_for`` each event as JSON text, for a bulk insert of many events at once.

    The request's trace context is read once for all (each event still gets a span of its
    own), and the text is filled in from one template per event type: every varying value
    (a UUID, an ISO time, hex digits) needs no JSON escaping, and ten thousand
    ``json.dumps`` would cost more than the rest of the headers together.
    """
    parent = new_traceparent(current_traceparent.get())
    prefix, flags = parent[:36], parent[-3:]
    source_json = json.dumps(source)
    templates: dict[type[Event], str] = {}
    out = []
    for event in events:
        template = templates.get(type(event))
        if template is None:
            subject = event.subject_name
            template = templates[type(event)] = (
                '{{"ce-id": "{id}", "ce-type": ' + json.dumps(subject).replace("{", "{{")
                .replace("}", "}}") + ', "ce-source": ' + source_json.replace("{", "{{")
                .replace("}", "}}") + ', "ce-time": "{time}", "ce-specversion": "'
                + SPEC_VERSION + '", "ce-dataschema": '
                + json.dumps(f"urn:care-dps:schema:{subject}:{event.schema_version}")
                .replace("{", "{{").replace("}", "}}")
                + ', "content-type": "application/json", "Nats-Msg-Id": "{id}",'
                ' "traceparent": "{traceparent}"}}'
            )
        out.append(template.format(
            id=event.id,
            time=event.occurred_at.isoformat(),
            traceparent=f"{prefix}{new_span_id()}{flags}",
        ))
    return out


def body_for(event: Event) -> str:
    return event.model_dump_json()
