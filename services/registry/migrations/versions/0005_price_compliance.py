"""price compliance: how call-off prices are checked against the reference rates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dps") as batch:
        batch.add_column(
            sa.Column(
                "price_above_reference", sa.String(length=20), nullable=False,
                server_default="non_compliant",
            )
        )
        batch.add_column(
            sa.Column("abnormally_low_percent", sa.Integer(), nullable=False, server_default="80")
        )
    # The defaults were for the rows already there; new rows always say.
    with op.batch_alter_table("dps") as batch:
        batch.alter_column("price_above_reference", server_default=None)
        batch.alter_column("abnormally_low_percent", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("dps") as batch:
        batch.drop_column("abnormally_low_percent")
        batch.drop_column("price_above_reference")
