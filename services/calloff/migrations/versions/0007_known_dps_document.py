"""known DPSs keep their answer rendered, for one keyed read

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from shared.dpsview.migration_ops import add_dps_view_document_v3, drop_dps_view_document_v3

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_dps_view_document_v3()


def downgrade() -> None:
    drop_dps_view_document_v3()
