"""initial store: DPS regimes read model, outbox, inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.messaging.migration_ops import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_and_inbox_v1()
    op.create_table(
        "dps_regimes",
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("dps_id", name=op.f("pk_dps_regimes")),
    )


def downgrade() -> None:
    op.drop_table("dps_regimes")
    drop_outbox_and_inbox_v1()
