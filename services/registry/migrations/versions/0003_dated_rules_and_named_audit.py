"""dated rules and a named audit trail: a DPS keeps its regime's rule set; decisions and
memberships carry names as well as ids

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PCR2015_IN_FORCE = "2015-02-26"
PA2023_IN_FORCE = "2025-02-24"


def _add_filled(table: str, column: sa.Column, fill: str) -> None:
    """Add a NOT NULL column, filling existing rows with ``fill``, and keep no default."""
    column.server_default = sa.DefaultClause(sa.text(fill))
    op.add_column(table, column)
    with op.batch_alter_table(table) as batch:
        batch.alter_column(column.name, server_default=None)


def upgrade() -> None:
    _add_filled("dps", sa.Column("rules_effective_from", sa.Date(), nullable=False),
                f"'{PCR2015_IN_FORCE}'")
    op.execute(
        f"UPDATE dps SET rules_effective_from = '{PA2023_IN_FORCE}' WHERE regime LIKE 'pa2023%'"
    )
    _add_filled("memberships", sa.Column("provider_name", sa.String(300), nullable=False), "''")
    op.execute(
        "UPDATE memberships SET provider_name = (SELECT providers.name FROM providers"
        " WHERE providers.id = memberships.provider_id)"
        " WHERE EXISTS (SELECT 1 FROM providers WHERE providers.id = memberships.provider_id)"
    )
    _add_filled("decisions", sa.Column("subject_name", sa.String(300), nullable=False), "''")
    op.add_column("decisions", sa.Column("reason_code", sa.String(40), nullable=True))
    # Actions become one vocabulary in the past tense; a suspension's or removal's reason
    # moves to its own column.
    for old, new in (
        ("open", "opened"), ("close", "closed"), ("register", "registered"),
        ("submit", "submitted"), ("start_review", "review_started"),
        ("extend_decision", "decision_extended"), ("withdraw", "withdrawn"),
        ("admit", "membership_started"), ("reinstate", "reinstated"),
        ("request_redeclaration", "redeclaration_requested"), ("redeclare", "redeclared"),
    ):
        op.execute(f"UPDATE decisions SET action = '{new}' WHERE action = '{old}'")
    for verb, noun in (("suspend", "suspended"), ("remove", "removed")):
        op.execute(
            f"UPDATE decisions SET reason_code = substr(action, {len(verb) + 2}),"
            f" action = '{noun}' WHERE action LIKE '{verb}:%'"
        )
    for table, subject in (("dps", "dps"), ("providers", "provider")):
        op.execute(
            f"UPDATE decisions SET subject_name = (SELECT name FROM {table}"
            f" WHERE {table}.id = decisions.subject_id) WHERE subject_type = '{subject}'"
            f" AND EXISTS (SELECT 1 FROM {table} WHERE {table}.id = decisions.subject_id)"
        )
    for table, subject in (("applications", "application"), ("memberships", "membership")):
        op.execute(
            f"UPDATE decisions SET subject_name = (SELECT provider_name FROM {table}"
            f" WHERE {table}.id = decisions.subject_id) WHERE subject_type = '{subject}'"
            f" AND EXISTS (SELECT 1 FROM {table} WHERE {table}.id = decisions.subject_id)"
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("reason_code")
        batch.drop_column("subject_name")
    with op.batch_alter_table("memberships") as batch:
        batch.drop_column("provider_name")
    with op.batch_alter_table("dps") as batch:
        batch.drop_column("rules_effective_from")
