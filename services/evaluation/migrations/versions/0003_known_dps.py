"""known DPS: the full read model of each DPS (lots, windows, status) replaces dps_regimes

The old table held only what ``DpsOpened`` said; its rows are not carried over (they lack
the lots, term and status). A store made before this revision starts with no known DPSs.

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
    op.drop_table("dps_regimes")
    create_dps_view_v1()


def downgrade() -> None:
    drop_dps_view_v1()
    op.create_table(
        "dps_regimes",
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("dps_id", name=op.f("pk_dps_regimes")),
    )
