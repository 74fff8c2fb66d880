"""ordered consumers: per-aggregate positions, parked events, set-aside outbox rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from shared.messaging.migration_ops import create_ordered_consumers_v1, drop_ordered_consumers_v1

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_ordered_consumers_v1()


def downgrade() -> None:
    drop_ordered_consumers_v1()
