"""The backbone's upserts (positions, parked events, versions) stay in SQLAlchemy's
compiled cache whatever the number of rows.

A statement with no cache key is compiled again on every run, which on the consumer's hot
path cost more than the statement's round trip. SQLAlchemy's engine log says, for every
statement it runs, whether it was compiled now ("generated in"), taken from the cache
("cached since") or could not be cached at all ("no key").
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import uuid4

from shared.db import make_engine
from shared.messaging.ordering import OrderingStore, Parked, Position
from shared.messaging.outbox_write import write_events
from tests.messaging.harness import ProbeHappened, metadata

outbox = metadata.tables["outbox"]

ENGINE_LOG = "sqlalchemy.engine.Engine"


def _statements_run(records: list[logging.LogRecord]) -> list[tuple[str, str]]:
    """(what the log said of its compilation, the statement's first words) per statement."""
    runs: list[tuple[str, str]] = []
    sql = ""
    for record in records:
        message = record.getMessage()
        if message.startswith("[") and sql:
            runs.append((message[1:].split(" ")[0], sql))
        else:
            # insertmanyvalues writes out a VALUES group per row: the statement is the rest
            head, _, tail = " ".join(message.split()).partition(" VALUES ")
            sql = head + " ... " + tail.partition(" ON CONFLICT ")[2]
    return runs


async def test_positions_and_versions_are_compiled_once_for_any_number_of_rows(
    database, caplog
):
    caplog.set_level(logging.INFO, logger=ENGINE_LOG)
    store = OrderingStore(
        metadata.tables["consumer_positions"], metadata.tables["parked_events"], "sink"
    )
    async with database("statements") as url:
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
            for count in (1, 3, 2, 5, 1, 4):
                if count == 2:
                    # One row and several are compiled once each; from here, nothing is.
                    caplog.clear()
                keys = [("probe", uuid4()) for _ in range(count)]
                async with engine.begin() as connection:
                    positions = await store.lock(connection, keys)
                    assert {k: p.version for k, p in positions.items()} == dict.fromkeys(keys, 0)
                    assert await store.advance(connection, ("probe", uuid4()), 1)
                    await store.save(connection, {k: Position(1, 0) for k in keys})
                    ahead = [Parked(k, 3, uuid4(), "dps.probe.happened.v1", "{}", {}) for k in keys]
                    await store.park(connection, ahead, datetime.now(UTC))
                    events = [
                        ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=k[1])
                        for n, k in enumerate(keys * 2)
                    ]
                    await write_events(
                        connection,
                        versions=metadata.tables["aggregate_versions"],
                        outbox_insert=outbox.insert(),
                        events=events,
                        source="probe",
                        now=datetime.now(UTC),
                    )
                async with engine.connect() as connection:
                    again = await store.lock(connection, keys)
                    assert {k: p.version for k, p in again.items()} == dict.fromkeys(keys, 1)
                    parked = await store.parked_after(connection, keys)
                    assert {k: set(by_version) for k, by_version in parked.items()} == {
                        k: {3} for k in keys
                    }
        finally:
            await engine.dispose()
    runs = [
        (said, sql)
        for said, sql in _statements_run(caplog.records)
        if any(t in sql for t in ("consumer_positions", "aggregate_versions", "parked_events"))
    ]
    assert runs, "the engine log named no statement"
    assert not [sql for said, sql in runs if said == "no"], runs
    assert not [sql for said, sql in runs if said != "cached"], runs
