"""Writing committed events: each gets its aggregate's next version, then an outbox row.

The general path is two statements: one upsert raises every touched aggregate's version
counter (``RETURNING`` the new values; on PostgreSQL the rows stay locked until commit, so
two transactions on one aggregate take versions in commit order), then one insert writes
the outbox rows. On PostgreSQL the common case, one event, is one statement: a
data-modifying CTE raises the counter and writes the row, and the version goes into the
body in the same statement (the body is serialized with a sentinel version that only that
field can hold). That saves a round trip on every use case. Many events in one commit
(ten thousand invitations to one call-off) go in by COPY on PostgreSQL (``shared.bulk``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.bulk import COPY_FROM_ROWS, insert_rows
from shared.events.base import MAX_EVENT_BYTES, Event, EventTooLarge
from shared.messaging import statements
from shared.messaging.envelope import body_for, headers_for, headers_json_for_many
from shared.messaging.outbox_rows import Unsent

#: A version no aggregate reaches; the one-statement path puts it in the body, then the
#: database swaps in the real one.
_SENTINEL = 9_007_199_254_740_881
_PLACEHOLDER = f'"aggregate_version":{_SENTINEL}'

_ONE_EVENT = text(
    """
    WITH v AS (
        INSERT INTO aggregate_versions AS a (aggregate_type, aggregate_id, version)
        VALUES (:aggregate_type, :aggregate_id, 1)
        ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET version = a.version + 1
        RETURNING a.version
    ), o AS (
        INSERT INTO outbox (event_id, subject, payload, headers, created_at)
        SELECT :event_id, :subject,
               replace(:payload, :placeholder, '"aggregate_version":' || v.version),
               CAST(:headers AS JSON), :created_at
        FROM v
        RETURNING position
    )
    SELECT v.version, o.position FROM v, o
    """
)


def _checked(event: Event, payload: str) -> str:
    if len(payload) > MAX_EVENT_BYTES // 4 and len(payload.encode()) > MAX_EVENT_BYTES:
        raise EventTooLarge(
            f"{type(event).__name__} is {len(payload.encode())} bytes, over the"
            f" {MAX_EVENT_BYTES} an event may have; carry large content by reference"
        )
    return payload


@dataclass
class Written:
    """The events as written (each with its version), and the rows the relay may be handed
    (the one-event path knows its row; the others leave the relay to read theirs)."""

    events: list[Event]
    rows: list[Unsent] = field(default_factory=list)


async def write_events(
    connection: AsyncConnection,
    *,
    versions: Table,
    outbox_insert: Any,
    events: list[Event],
    source: str,
    now: datetime,
) -> Written:
    """Stamp ``events`` with their aggregates' next versions and write their outbox rows."""
    if len(events) == 1 and connection.dialect.name == "postgresql":
        [event] = events
        marked = event.model_copy(update={"aggregate_version": _SENTINEL})
        payload = _checked(event, body_for(marked))
        headers = headers_for(event, source)
        version, position = (
            await connection.execute(
                _ONE_EVENT,
                {
                    "aggregate_type": event.aggregate_type,
                    "aggregate_id": event.aggregate_id,
                    "event_id": event.id,
                    "subject": event.subject_name,
                    "payload": payload,
                    "placeholder": _PLACEHOLDER,
                    "headers": json.dumps(headers),
                    "created_at": now,
                },
            )
        ).one()
        stored = payload.replace(_PLACEHOLDER, f'"aggregate_version":{version}')
        return Written(
            [event.model_copy(update={"aggregate_version": version})],
            [Unsent(position, event.id, event.subject_name, stored, headers)],
        )
    stamped = await _stamp_versions(connection, versions, events)
    if len(stamped) >= COPY_FROM_ROWS and connection.dialect.name == "postgresql":
        # Many events in one commit (a call-off inviting a whole lot): COPY, headers as
        # JSON text, the trace context read once.
        many = headers_json_for_many(stamped, source)
        rows = [
            {"event_id": event.id, "subject": event.subject_name,
             "payload": _checked(event, body_for(event)), "headers": headers,
             "created_at": now}
            for event, headers in zip(stamped, many, strict=True)
        ]
        await insert_rows(connection, outbox_insert.table, rows)
        return Written(stamped)
    rows = [
        {
            "event_id": event.id,
            "subject": event.subject_name,
            "payload": _checked(event, body_for(event)),
            "headers": headers_for(event, source),
            "created_at": now,
        }
        for event in stamped
    ]
    await connection.execute(outbox_insert, rows)
    return Written(stamped)


async def _stamp_versions(
    connection: AsyncConnection, versions: Table, events: list[Event]
) -> list[Event]:
    """Give each event the next version of its aggregate, in the order raised.

    Keys are sorted so two transactions never lock the same rows crosswise.
    """
    counts = Counter(event.aggregate_key for event in events)
    rows = [
        {"aggregate_type": kind, "aggregate_id": key, "version": n}
        for (kind, key), n in sorted(counts.items(), key=lambda item: (item[0][0], str(item[0][1])))
    ]
    statement = statements.upsert(
        versions,
        connection.dialect.name,
        ("aggregate_type", "aggregate_id", "version"),
        len(rows),
        key=("aggregate_type", "aggregate_id"),
        on_conflict=lambda t, excluded: {"version": t.c.version + excluded.version},
        returning=("aggregate_type", "aggregate_id", "version"),
        name="stamp_versions",
    )
    result = await connection.execute(statement, statements.rows_parameters(rows))
    last = {(r[0], r[1]): r[2] for r in result}
    next_version = {key: last[key] - counts[key] + 1 for key in counts}
    stamped = []
    for event in events:
        version = next_version[event.aggregate_key]
        next_version[event.aggregate_key] = version + 1
        stamped.append(event.model_copy(update={"aggregate_version": version}))
    return stamped

