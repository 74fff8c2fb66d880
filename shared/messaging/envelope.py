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
    own), and the text is written out directly: every value that varies by event (a UUID,
    an ISO time, hex digits) needs no JSON escaping, and ten thousand ``json.dumps`` would
    cost more than the rest of the headers together.
    """
    parent = new_traceparent(current_traceparent.get())
    prefix, flags = parent[:36], parent[-3:]
    source_json = json.dumps(source)
    # The JSON of what every event of one type shares, found once per type.
    shared: dict[type[Event], tuple[str, str]] = {}
    out = []
    for event in events:
        kind = shared.get(type(event))
        if kind is None:
            subject = event.subject_name
            schema = f"urn:care-dps:schema:{subject}:{event.schema_version}"
            kind = shared[type(event)] = (json.dumps(subject), json.dumps(schema))
        subject_json, schema_json = kind
        out.append(
            f'{{"ce-id": "{event.id}", "ce-type": {subject_json}, "ce-source": {source_json},'
            f' "ce-time": "{event.occurred_at.isoformat()}", "ce-specversion": "{SPEC_VERSION}",'
            f' "ce-dataschema": {schema_json}, "content-type": "application/json",'
            f' "Nats-Msg-Id": "{event.id}", "traceparent": "{prefix}{new_span_id()}{flags}"}}'
        )
    return out


def body_for(event: Event) -> str:
    return event.model_dump_json()
