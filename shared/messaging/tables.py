"""The messaging tables. Every service adds them to its own metadata and migrations.

- ``outbox``: one row per event, written with the change that caused it;
- ``inbox``: ids of applied events that carry no aggregate version (kept for a retention
  period longer than JetStream's duplicate window, then purged);
- ``consumer_positions``: per (consumer, aggregate), the last version applied;
- ``parked_events``: events that arrived before their predecessor, waiting for it;
- ``aggregate_versions``: the last version this service gave each aggregate it publishes about.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    text,
)

# SQLite only makes INTEGER PRIMARY KEY columns auto-increment.
_Id = BigInteger().with_variant(Integer(), "sqlite")


def outbox_table(metadata: MetaData) -> Table:
    """One row per event, written in the same transaction as the change that caused it.

    ``position`` orders publication. ``sent_at`` is set once JetStream acknowledged the
    event; sent rows are kept for a retention period so a range can be re-published
    (``republished`` counts how often, and gives each copy a new ``Nats-Msg-Id``). A row the
    broker can never accept is set aside (``set_aside_at``, ``set_aside_reason``) so the
    rows after it still leave.
    """
    return Table(
        "outbox",
        metadata,
        Column("position", _Id, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("subject", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Column("republished", Integer, nullable=False, server_default=text("0")),
        Column("set_aside_at", DateTime(timezone=True), nullable=True),
        Column("set_aside_reason", Text, nullable=True),
        Index(
            "ix_outbox_waiting",
            "position",
            postgresql_where=text("sent_at IS NULL AND set_aside_at IS NULL"),
            sqlite_where=text("sent_at IS NULL AND set_aside_at IS NULL"),
        ),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Ids of applied events that carry no aggregate version, written with the effect."""
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(120), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("subject", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
        Index("ix_inbox_processed_at", "processed_at"),
    )


def consumer_positions_table(metadata: MetaData) -> Table:
    """Per consumer and aggregate: the last version applied, and how many wait parked.

    Every transaction that applies or parks an aggregate's event locks this row first, so
    two replicas sharing a durable take turns on one aggregate and never both miss a drain.
    """
    return Table(
        "consumer_positions",
        metadata,
        Column("consumer", String(120), primary_key=True),
        Column("aggregate_type", String(60), primary_key=True),
        Column("aggregate_id", Uuid, primary_key=True),
        Column("version", BigInteger, nullable=False),
        Column("parked", Integer, nullable=False, server_default=text("0")),
    )


def parked_events_table(metadata: MetaData) -> Table:
    """Events that arrived before their aggregate's previous version, kept until it applies.

    They were acknowledged when parked (the row is the durable copy). ``reported_at`` is set
    once the gap outlived its bound and was reported; ``attempts`` and ``last_error`` count
    failed drains.
    """
    return Table(
        "parked_events",
        metadata,
        Column("consumer", String(120), primary_key=True),
        Column("aggregate_type", String(60), primary_key=True),
        Column("aggregate_id", Uuid, primary_key=True),
        Column("version", BigInteger, primary_key=True),
        Column("event_id", Uuid, nullable=False),
        Column("subject", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("parked_at", DateTime(timezone=True), nullable=False),
        Column("reported_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
    )


def aggregate_versions_table(metadata: MetaData) -> Table:
    """The last event version given to each aggregate this service publishes about.

    The unit of work raises it in the transaction that writes the events, so an aggregate's
    events carry versions 1, 2, 3 ... in the order they were committed.
    """
    return Table(
        "aggregate_versions",
        metadata,
        Column("aggregate_type", String(60), primary_key=True),
        Column("aggregate_id", Uuid, primary_key=True),
        Column("version", BigInteger, nullable=False),
    )


def messaging_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add every messaging table to ``metadata``; return the outbox and the inbox."""
    aggregate_versions_table(metadata)
    consumer_positions_table(metadata)
    parked_events_table(metadata)
    return outbox_table(metadata), inbox_table(metadata)
