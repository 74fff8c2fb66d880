"""evaluations: responses, panel, conflicts, scores, consensus, decisions; responses opened
before their call-off's close

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

PERSON = sa.String(length=200)
CODE = sa.String(length=60)
SCORE = sa.Numeric(precision=12, scale=4)
MONEY = sa.Numeric(precision=18, scale=2)
MOMENT = sa.DateTime(timezone=True)

PARTS = ("evaluation_responses", "evaluator_assignments", "conflict_declarations", "scores",
         "consensus_scores", "evaluation_decisions")


def _part(name: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    """A part of an evaluation: its id, its evaluation, its position in the list."""
    constraints: list[sa.Constraint] = [
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["evaluations.id"],
            name=op.f(f"fk_{name}_evaluation_id_evaluations"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    ]
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_evaluation_id")))
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *columns,
        *constraints,
    )
    op.create_index(op.f(f"ix_{name}_evaluation_id"), name, ["evaluation_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("moderator_id", PERSON, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("closed_at", MOMENT, nullable=False),
        sa.Column("completed_at", MOMENT, nullable=True),
        sa.Column("completed_by", PERSON, nullable=True),
        sa.Column("recommended_response_id", sa.Uuid(), nullable=True),
        sa.Column("recommended_provider_id", sa.Uuid(), nullable=True),
        sa.Column("summaries_sent_at", MOMENT, nullable=True),
        sa.Column("summaries_sent_by", PERSON, nullable=True),
        sa.Column("changed_at", MOMENT, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("call_off_id", name=op.f("uq_evaluations_call_off_id")),
    )
    op.create_index("ix_evaluations_created", "evaluations", ["created_at", "id"], unique=False)
    _part(
        "evaluation_responses",
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.Text(), nullable=False),
        sa.Column("submitted_at", MOMENT, nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("prices", sa.JSON(), nullable=False),
        sa.Column("accepts_fixed_rate", sa.Boolean(), nullable=False),
        sa.Column("proposed_start_on", sa.Date(), nullable=False),
        sa.Column("capacity_confirmed", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("annual_cost", MONEY, nullable=True),
        sa.Column("whole_life_cost", MONEY, nullable=True),
        sa.Column("clarification", sa.String(length=20), nullable=True),
        sa.Column("clarification_note", sa.Text(), nullable=False),
        sa.Column("clarified_by", PERSON, nullable=True),
        sa.Column("clarified_at", MOMENT, nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("total_score", SCORE, nullable=True),
        sa.Column("quality_score", SCORE, nullable=True),
        sa.Column("price_score", SCORE, nullable=True),
        sa.Column("social_value_score", SCORE, nullable=True),
        sa.Column("criterion_scores", sa.JSON(), nullable=False),
    )
    op.create_index(op.f("ix_evaluation_responses_provider_id"), "evaluation_responses",
                    ["provider_id"], unique=False)
    _part(
        "evaluator_assignments",
        sa.Column("evaluator_id", PERSON, nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("assigned_at", MOMENT, nullable=False),
        sa.Column("assigned_by", PERSON, nullable=False),
        unique=("evaluation_id", "evaluator_id"),
    )
    _part(
        "conflict_declarations",
        sa.Column("person_id", PERSON, nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("conflicted", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_at", MOMENT, nullable=False),
        unique=("evaluation_id", "person_id", "provider_id"),
    )
    _part(
        "scores",
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("criterion_code", CODE, nullable=False),
        sa.Column("evaluator_id", PERSON, nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("scored_at", MOMENT, nullable=False),
        unique=("evaluation_id", "response_id", "criterion_code", "evaluator_id"),
    )
    _part(
        "consensus_scores",
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("criterion_code", CODE, nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("moderated_by", PERSON, nullable=False),
        sa.Column("moderated_at", MOMENT, nullable=False),
        unique=("evaluation_id", "response_id", "criterion_code"),
    )
    _part(
        "evaluation_decisions",
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor_id", PERSON, nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("criterion_code", CODE, nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("person_id", PERSON, nullable=True),
    )
    op.create_table(
        "opened_responses",
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_opened_responses")),
    )
    op.create_index(op.f("ix_opened_responses_call_off_id"), "opened_responses",
                    ["call_off_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_opened_responses_call_off_id"), table_name="opened_responses")
    op.drop_table("opened_responses")
    op.drop_index(op.f("ix_evaluation_responses_provider_id"), table_name="evaluation_responses")
    for name in reversed(PARTS):
        op.drop_index(op.f(f"ix_{name}_evaluation_id"), table_name=name)
        op.drop_table(name)
    op.drop_index("ix_evaluations_created", table_name="evaluations")
    op.drop_table("evaluations")
