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


def headers_for_many(events: list[Event], source: str) -> list[tuple[dict[str, str], str]]:
    """``headers_for`` each event, with the same headers as JSON text, for a bulk insert of
    many events at once (the text is stored, the dict handed to the relay).

    The request's trace context is read once for all (each event still gets a span of its
    own), and the text is written out directly: every value that varies by event (a UUID,
    an ISO time, hex digits) needs no JSON escaping, and ten thousand ``json.dumps`` would
    cost more than the rest of the headers together.
    """
    parent = new_traceparent(current_traceparent.get())
    prefix, flags = parent[:36], parent[-3:]
    source_json = json.dumps(source)
    # What every event of one type shares, and its JSON, found once per type.
    shared: dict[type[Event], tuple[str, str, str, str]] = {}
    out = []
    for event in events:
        kind = shared.get(type(event))
        if kind is None:
            subject = event.subject_name
            schema = f"urn:care-dps:schema:{subject}:{event.schema_version}"
            kind = shared[type(event)] = (subject, schema, json.dumps(subject), json.dumps(schema))
        subject, schema, subject_json, schema_json = kind
        event_id, at, traceparent = str(event.id), event.occurred_at.isoformat(), (
            f"{prefix}{new_span_id()}{flags}"
        )
        out.append((
            {"ce-id": event_id, "ce-type": subject, "ce-source": source, "ce-time": at,
             "ce-specversion": SPEC_VERSION, "ce-dataschema": schema,
             "content-type": "application/json", "Nats-Msg-Id": event_id,
             "traceparent": traceparent},
            f'{{"ce-id": "{event_id}", "ce-type": {subject_json}, "ce-source": {source_json},'
            f' "ce-time": "{at}", "ce-specversion": "{SPEC_VERSION}",'
            f' "ce-dataschema": {schema_json}, "content-type": "application/json",'
            f' "Nats-Msg-Id": "{event_id}", "traceparent": "{traceparent}"}}',
        ))
    return out


def body_for(event: Event) -> str:
    return event.model_dump_json()
