"""known DPS and lot members: the full read model of each DPS replaces frameworks; the
members of each lot, their providers' areas and capacities

The old tables held only what ``DpsOpened`` said; their rows are not carried over (they lack
the lot flags, term and status). A store made before this revision starts with no known DPSs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.dpsview.migration_ops import create_dps_view_v1, drop_dps_view_v1

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("framework_lots")
    op.drop_table("frameworks")
    create_dps_view_v1()
    op.create_table(
        "lot_members",
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.Text(), nullable=False),
        sa.Column("cqc_provider_id", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("membership_id", name=op.f("pk_lot_members")),
    )
    op.create_index(
        "ix_lot_members_lot", "lot_members", ["lot_id", "admitted_at", "membership_id"]
    )
    op.create_index(op.f("ix_lot_members_provider_id"), "lot_members", ["provider_id"])
    op.create_table(
        "provider_facts",
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("areas_served", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_provider_facts")),
    )
    op.create_table(
        "lot_capacities",
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("provider_id", "lot_id", name=op.f("pk_lot_capacities")),
    )


def downgrade() -> None:
    op.drop_table("lot_capacities")
    op.drop_table("provider_facts")
    op.drop_index(op.f("ix_lot_members_provider_id"), table_name="lot_members")
    op.drop_index("ix_lot_members_lot", table_name="lot_members")
    op.drop_table("lot_members")
    drop_dps_view_v1()
    op.create_table(
        "frameworks",
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("latest_end_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("dps_id", name=op.f("pk_frameworks")),
    )
    op.create_table(
        "framework_lots",
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("admission_open", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["frameworks.dps_id"],
            name=op.f("fk_framework_lots_dps_id_frameworks"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lot_id", name=op.f("pk_framework_lots")),
    )
