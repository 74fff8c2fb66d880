"""Writing committed events: each gets its aggregate's next version, then an outbox row.

The general path is two statements: one upsert raises every touched aggregate's version
counter (``RETURNING`` the new values; on PostgreSQL the rows stay locked until commit, so
two transactions on one aggregate take versions in commit order), then one insert writes
the outbox rows. On PostgreSQL the common case, one event, is one statement: a
data-modifying CTE raises the counter and writes the row, and the version goes into the
body in the same statement (the body is serialized with a sentinel version that only that
field can hold). That saves a round trip on every use case; on asyncpg it runs on the
driver, in the unit of work's transaction (``shared.driver.fetch_in_transaction``). Many
events in one commit (ten thousand invitations to one call-off) go in by COPY on
PostgreSQL (``shared.bulk``), their positions taken from the outbox's sequence first so
the relay can be handed them.

An event is serialized once: its version is written into its JSON text, not into a copy of
the event object.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.bulk import COPY_FROM_ROWS, insert_rows
from shared.driver import DriverStatement, fetch_in_transaction
from shared.events.base import MAX_EVENT_BYTES, Event, EventTooLarge
from shared.messaging import statements
from shared.messaging.envelope import body_for, headers_for, headers_for_many
from shared.messaging.outbox_rows import Unsent

#: A version no aggregate reaches: the one-statement path puts it in the body, then the
#: database swaps in the real one.
_SENTINEL = 9_007_199_254_740_881
_PLACEHOLDER = f'"aggregate_version":{_SENTINEL}'
#: How an unstamped event's version reads in its body. The base fields come first in every
#: event's JSON, and none before it can hold this text unescaped, so its first occurrence
#: is the event's own version, whatever the fields after it hold.
_UNSTAMPED = '"aggregate_version":0'

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


_ONE_EVENT_ON_DRIVER: dict[str, DriverStatement] = {}


async def _one_event(connection: AsyncConnection, values: dict[str, Any]) -> tuple[int, int]:
    """The one-event statement's version and position. On asyncpg it runs on the driver in
    the unit of work's transaction: it is on every use case's commit, and SQLAlchemy's
    execution around it cost more CPU than the statement's round trip."""
    dialect = connection.dialect
    if dialect.driver != "asyncpg":
        return tuple((await connection.execute(_ONE_EVENT, values)).one())  # type: ignore[return-value]
    statement = _ONE_EVENT_ON_DRIVER.get(dialect.name)
    if statement is None:
        statement = _ONE_EVENT_ON_DRIVER[dialect.name] = DriverStatement(_ONE_EVENT, dialect)
    row = await fetch_in_transaction(connection, statement, values)
    return row[0], row[1]


def _checked(event: Event, payload: str) -> str:
    if len(payload) > MAX_EVENT_BYTES // 4 and len(payload.encode()) > MAX_EVENT_BYTES:
        raise EventTooLarge(
            f"{type(event).__name__} is {len(payload.encode())} bytes, over the"
            f" {MAX_EVENT_BYTES} an event may have; carry large content by reference"
        )
    return payload


def _body(event: Event, version: int | str) -> str:
    """The event's JSON with ``version`` as its aggregate version, serialized once."""
    if event.aggregate_version:
        event = event.model_copy(update={"aggregate_version": 0})
    return _checked(event, body_for(event).replace(_UNSTAMPED, f'"aggregate_version":{version}', 1))


@dataclass
class Written:
    """How many events were written, and the rows the relay may be handed (the one-event
    path and COPY know their rows; the others leave the relay to read theirs)."""

    count: int
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
    """Give ``events`` their aggregates' next versions and write their outbox rows.

    The versions go into the stored bodies; the event objects, which their aggregates raised,
    are not copied to carry them.
    """
    postgres = connection.dialect.name == "postgresql"
    if len(events) == 1 and postgres:
        [event] = events
        payload = _body(event, _SENTINEL)
        [(headers, headers_json)] = headers_for_many(events, source)
        version, position = await _one_event(connection, {
            "aggregate_type": event.aggregate_type,
            "aggregate_id": event.aggregate_id,
            "event_id": event.id,
            "subject": event.subject_name,
            "payload": payload,
            "placeholder": _PLACEHOLDER,
            "headers": headers_json,
            "created_at": now,
        })
        stored = payload.replace(_PLACEHOLDER, f'"aggregate_version":{version}')
        return Written(1, [Unsent(position, event.id, event.subject_name, stored, headers)])
    numbers = await _next_versions(connection, versions, events)
    bodies = [_body(event, n) for event, n in zip(events, numbers, strict=True)]
    if len(events) >= COPY_FROM_ROWS and postgres:
        # Many events in one commit (a call-off inviting a whole lot): COPY, with positions
        # taken from the outbox's sequence first, so the relay is handed the rows as they are.
        table = outbox_insert.table
        positions = await _take_positions(connection, table, len(events))
        rows, handed = [], []
        for position, event, body, (headers, as_json) in zip(
            positions, events, bodies, headers_for_many(events, source), strict=True
        ):
            rows.append({"position": position, "event_id": event.id,
                         "subject": event.subject_name, "payload": body,
                         "headers": as_json, "created_at": now})
            handed.append(Unsent(position, event.id, event.subject_name, body, headers))
        await insert_rows(connection, table, rows)
        return Written(len(events), handed)
    await connection.execute(outbox_insert, [
        {
            "event_id": event.id,
            "subject": event.subject_name,
            "payload": body,
            "headers": headers_for(event, source),
            "created_at": now,
        }
        for event, body in zip(events, bodies, strict=True)
    ])
    return Written(len(events))


async def _take_positions(connection: AsyncConnection, table: Table, count: int) -> list[int]:
    """``count`` positions from ``table``'s own sequence, in rising order (PostgreSQL), as
    an insert that left the column to its default would have taken them."""
    taken = await connection.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'position'))"
             " FROM generate_series(1, :count)"),
        {"table": table.fullname, "count": count},
    )
    return sorted(taken.scalars())


async def _next_versions(
    connection: AsyncConnection, versions: Table, events: list[Event]
) -> list[int]:
    """The next version of each event's aggregate, in the order the events were raised.

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
        key=("aggregate_type", "aggregate_id"),
        on_conflict=lambda t, excluded: {"version": t.c.version + excluded.version},
        returning=("aggregate_type", "aggregate_id", "version"),
        name="stamp_versions",
    )
    result = await connection.execute(statement, rows)
    last = {(r[0], r[1]): r[2] for r in result}
    next_version = {key: last[key] - counts[key] + 1 for key in counts}
    numbers = []
    for event in events:
        version = next_version[event.aggregate_key]
        next_version[event.aggregate_key] = version + 1
        numbers.append(version)
    return numbers
