"""known DPSs keep their criteria catalogue, price-compliance setting and rate cards

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from shared.dpsview.migration_ops import add_dps_view_catalogue_v2, drop_dps_view_catalogue_v2

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_dps_view_catalogue_v2()


def downgrade() -> None:
    drop_dps_view_catalogue_v2()
