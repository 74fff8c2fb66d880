"""The outbox and inbox tables. Every service adds both to its own metadata and migrations."""

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
    event; sent rows are kept for a retention period so a range can be re-published.
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
        Index(
            "ix_outbox_unsent",
            "position",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
    )


def inbox_table(metadata: MetaData) -> Table:
    """The ids of events a consumer has applied, written with the effect itself."""
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(120), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("subject", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
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
    """Add the outbox, inbox and aggregate versions to ``metadata``; return the first two."""
    aggregate_versions_table(metadata)
    return outbox_table(metadata), inbox_table(metadata)
