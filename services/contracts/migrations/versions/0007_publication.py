"""publication: contracting processes (facts, notices, compiled records) and the release feed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    head = op.create_table(
        "publication_feed_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_feed_head")),
    )
    # The one counter row the feed numbers its releases from.
    op.bulk_insert(head, [{"id": 1, "last_seq": 0}])
    op.create_table(
        "publication_processes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ocid", sa.String(length=120), nullable=False),
        sa.Column("parent_ocid", sa.String(length=120), nullable=True),
        sa.Column("dps_id", sa.Uuid(), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("quarterly_award_notices", sa.Boolean(), nullable=False),
        sa.Column("release_count", sa.Integer(), nullable=False),
        sa.Column("last_release_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("compiled", sa.Text(), nullable=True),
        sa.Column("record_seq", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_processes")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_publication_processes_contract_id")),
        sa.UniqueConstraint("ocid", name=op.f("uq_publication_processes_ocid")),
        sa.UniqueConstraint("record_seq", name=op.f("uq_publication_processes_record_seq")),
    )
    with op.batch_alter_table("publication_processes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_processes_dps_id"), ["dps_id"], unique=False
        )

    op.create_table(
        "publication_releases",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("release_id", sa.String(length=140), nullable=False),
        sa.Column("process_id", sa.Uuid(), nullable=False),
        sa.Column("ocid", sa.String(length=120), nullable=False),
        sa.Column("date", sa.String(length=30), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_publication_releases")),
        sa.UniqueConstraint("release_id", name=op.f("uq_publication_releases_release_id")),
    )
    with op.batch_alter_table("publication_releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_releases_ocid"), ["ocid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_publication_releases_process_id"), ["process_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_publication_releases_published_at"), ["published_at"], unique=False
        )

    op.create_table(
        "publication_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("process_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("ocid", sa.String(length=120), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("earliest_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("release_id", sa.String(length=140), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=True),
        sa.Column("group", sa.String(length=60), nullable=True),
        sa.Column("group_title", sa.String(length=200), nullable=True),
        sa.Column("overdue_reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["publication_processes.id"],
            name=op.f("fk_publication_notices_process_id_publication_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_notices")),
    )
    with op.batch_alter_table("publication_notices", schema=None) as batch_op:
        batch_op.create_index("ix_publication_notices_created", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_publication_notices_dps_id"), ["dps_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_publication_notices_process_id"), ["process_id"], unique=False
        )
        batch_op.create_index(
            "ix_publication_notices_status_due", ["status", "due_at"], unique=False
        )
        batch_op.create_index(
            "ix_publication_notices_status_earliest", ["status", "earliest_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("publication_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_notices_status_earliest")
        batch_op.drop_index("ix_publication_notices_status_due")
        batch_op.drop_index(batch_op.f("ix_publication_notices_process_id"))
        batch_op.drop_index(batch_op.f("ix_publication_notices_dps_id"))
        batch_op.drop_index("ix_publication_notices_created")

    op.drop_table("publication_notices")
    with op.batch_alter_table("publication_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_releases_published_at"))
        batch_op.drop_index(batch_op.f("ix_publication_releases_process_id"))
        batch_op.drop_index(batch_op.f("ix_publication_releases_ocid"))

    op.drop_table("publication_releases")
    with op.batch_alter_table("publication_processes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_processes_dps_id"))

    op.drop_table("publication_processes")
    op.drop_table("publication_feed_head")
