"""aggregate versions: events carry their aggregate's version, for ordered consumers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from shared.messaging.migration_ops import (
    create_aggregate_versions_v1,
    drop_aggregate_versions_v1,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_aggregate_versions_v1()


def downgrade() -> None:
    drop_aggregate_versions_v1()
