"""Frozen migration steps for the outbox and inbox, shared by every service's migrations.

A step here never changes once released: a later change to the tables is a new step that
every service's next migration calls.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_outbox_and_inbox_v1() -> None:
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=120), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["position"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )


def drop_outbox_and_inbox_v1() -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def create_aggregate_versions_v1() -> None:
    op.create_table(
        "aggregate_versions",
        sa.Column("aggregate_type", sa.String(length=60), nullable=False),
        sa.Column("aggregate_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "aggregate_type", "aggregate_id", name=op.f("pk_aggregate_versions")
        ),
    )


def drop_aggregate_versions_v1() -> None:
    op.drop_table("aggregate_versions")


def create_ordered_consumers_v1() -> None:
    """Per-aggregate order for consumers, set-aside and re-published outbox rows."""
    op.create_table(
        "consumer_positions",
        sa.Column("consumer", sa.String(length=120), nullable=False),
        sa.Column("aggregate_type", sa.String(length=60), nullable=False),
        sa.Column("aggregate_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("parked", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint(
            "consumer", "aggregate_type", "aggregate_id", name=op.f("pk_consumer_positions")
        ),
    )
    op.create_table(
        "parked_events",
        sa.Column("consumer", sa.String(length=120), nullable=False),
        sa.Column("aggregate_type", sa.String(length=60), nullable=False),
        sa.Column("aggregate_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("parked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint(
            "consumer", "aggregate_type", "aggregate_id", "version", name=op.f("pk_parked_events")
        ),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("republished", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(sa.Column("set_aside_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("set_aside_reason", sa.Text(), nullable=True))
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.create_index(
        "ix_outbox_waiting",
        "outbox",
        ["position"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL AND set_aside_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL AND set_aside_at IS NULL"),
    )
    op.create_index("ix_inbox_processed_at", "inbox", ["processed_at"], unique=False)


def drop_ordered_consumers_v1() -> None:
    op.drop_index("ix_inbox_processed_at", table_name="inbox")
    op.drop_index("ix_outbox_waiting", table_name="outbox")
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["position"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("set_aside_reason")
        batch.drop_column("set_aside_at")
        batch.drop_column("republished")
    op.drop_table("parked_events")
    op.drop_table("consumer_positions")
