"""dps documents: the answer to GET /dps/{id}, kept rendered

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # DPSs saved before have none: they are answered the slower way until they next change.
    op.create_table(
        "dps_documents",
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_dps_documents_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("dps_id", name=op.f("pk_dps_documents")),
    )


def downgrade() -> None:
    op.drop_table("dps_documents")
