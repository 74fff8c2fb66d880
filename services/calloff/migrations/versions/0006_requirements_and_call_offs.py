"""requirements (the person's identity apart, encrypted, every access logged), call-offs
with their frozen invitation lists, consents, clarifications, sealed responses and audit
trail; provider facts keep the CQC id and when the name changed

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-11
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_Position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("provider_facts") as batch:
        batch.add_column(sa.Column("name_as_of", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("cqc_provider_id", sa.Text(), nullable=True))
        batch.add_column(sa.Column("cqc_as_of", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE provider_facts SET name_as_of = as_of")
    with op.batch_alter_table("provider_facts") as batch:
        batch.alter_column("name_as_of", nullable=False)

    op.create_table(
        "requirements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.Column("need_band", sa.String(length=60), nullable=True),
        sa.Column("needs_summary", sa.String(length=2000), nullable=True),
        sa.Column("volumes", sa.JSON(), nullable=False),
        sa.Column("pattern", sa.String(length=2000), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("initial_term_months", sa.Integer(), nullable=True),
        sa.Column("extension_months", sa.JSON(), nullable=False),
        sa.Column("funding_route", sa.String(length=40), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=True),
        sa.Column("incumbent_name", sa.Text(), nullable=True),
        sa.Column("current_end_on", sa.Date(), nullable=True),
        sa.Column("person_recorded", sa.Boolean(), nullable=False),
        sa.Column("raised_by", sa.String(length=200), nullable=False),
        _moment("raised_at"),
        _moment("changed_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
        sa.UniqueConstraint("reference", name=op.f("uq_requirements_reference")),
        sa.UniqueConstraint("placement_id", name=op.f("uq_requirements_placement_id")),
    )
    op.create_index("ix_requirements_raised", "requirements", ["raised_at", "id"])
    op.create_table(
        "requirement_people",
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        _moment("recorded_at"),
        sa.ForeignKeyConstraint(
            ["requirement_id"], ["requirements.id"],
            name=op.f("fk_requirement_people_requirement_id_requirements"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("requirement_id", name=op.f("pk_requirement_people")),
    )
    op.create_index(
        op.f("ix_requirement_people_key_id"), "requirement_people", ["key_id"]
    )
    op.create_table(
        "person_accesses",
        sa.Column("position", _Position, autoincrement=True, nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        _moment("at"),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_person_accesses")),
    )
    op.create_index(
        "ix_person_accesses_requirement", "person_accesses", ["requirement_id", "position"]
    )
    op.create_table(
        "call_offs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("pricing_mode", sa.String(length=20), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("fixed_rates", sa.JSON(), nullable=False),
        sa.Column("funding_shares", sa.JSON(), nullable=False),
        _moment("response_deadline"),
        sa.Column("direct_award_provider_id", sa.Uuid(), nullable=True),
        sa.Column("direct_award_justification", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _moment("created_at"),
        _moment("changed_at"),
        _moment("published_at", True),
        sa.Column("terms", sa.JSON(), nullable=True),
        sa.Column("invitee_count", sa.Integer(), nullable=False),
        sa.Column("omitted", sa.JSON(), nullable=False),
        sa.Column("short_period", sa.Boolean(), nullable=False),
        _moment("closed_at", True),
        sa.Column("closed_early", sa.Boolean(), nullable=False),
        sa.Column("outcome_reason", sa.String(length=2000), nullable=True),
        sa.Column("cancelled_by", sa.String(length=200), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("awarded_provider_id", sa.Uuid(), nullable=True),
        sa.Column("awarded_provider_name", sa.Text(), nullable=True),
        _moment("awarded_at", True),
        sa.Column("republished_from", sa.Uuid(), nullable=True),
        sa.Column("republished_as", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_offs")),
        sa.UniqueConstraint("reference", name=op.f("uq_call_offs_reference")),
    )
    op.create_index(op.f("ix_call_offs_requirement_id"), "call_offs", ["requirement_id"])
    op.create_index("ix_call_offs_due", "call_offs", ["status", "response_deadline"])
    op.create_index("ix_call_offs_created", "call_offs", ["created_at", "id"])
    op.create_table(
        "short_period_consents",
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("evidence", sa.String(length=2000), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        _moment("recorded_at"),
        sa.PrimaryKeyConstraint(
            "call_off_id", "provider_id", name=op.f("pk_short_period_consents")
        ),
    )
    op.create_table(
        "invitations",
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.Text(), nullable=False),
        _moment("invited_at"),
        _moment("declined_at", True),
        sa.Column("decline_reason", sa.String(length=2000), nullable=True),
        sa.PrimaryKeyConstraint("call_off_id", "provider_id", name=op.f("pk_invitations")),
    )
    op.create_index(
        "ix_invitations_provider", "invitations", ["provider_id", "invited_at", "call_off_id"]
    )
    op.create_table(
        "clarifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.String(length=2000), nullable=False),
        _moment("asked_at"),
        sa.Column("answer", sa.String(length=2000), nullable=True),
        _moment("answered_at", True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clarifications")),
    )
    op.create_index(
        "ix_clarifications_call_off", "clarifications", ["call_off_id", "asked_at", "id"]
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        _moment("submitted_at"),
        _moment("changed_at"),
        _moment("withdrawn_at", True),
        sa.Column("invalid_reason", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
    )
    op.create_index(
        "ix_responses_call_off", "responses", ["call_off_id", "submitted_at", "id"]
    )
    op.create_index(
        "uq_responses_live", "responses", ["call_off_id", "provider_id"], unique=True,
        postgresql_where=sa.text("status = 'submitted'"),
        sqlite_where=sa.text("status = 'submitted'"),
    )
    op.create_table(
        "call_off_decisions",
        sa.Column("position", _Position, autoincrement=True, nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        _moment("at"),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_call_off_decisions")),
    )
    op.create_index(
        "ix_call_off_decisions_call_off", "call_off_decisions", ["call_off_id", "position"]
    )


def downgrade() -> None:
    op.drop_index("ix_call_off_decisions_call_off", table_name="call_off_decisions")
    op.drop_table("call_off_decisions")
    op.drop_index("uq_responses_live", table_name="responses")
    op.drop_index("ix_responses_call_off", table_name="responses")
    op.drop_table("responses")
    op.drop_index("ix_clarifications_call_off", table_name="clarifications")
    op.drop_table("clarifications")
    op.drop_index("ix_invitations_provider", table_name="invitations")
    op.drop_table("invitations")
    op.drop_table("short_period_consents")
    op.drop_index("ix_call_offs_created", table_name="call_offs")
    op.drop_index("ix_call_offs_due", table_name="call_offs")
    op.drop_index(op.f("ix_call_offs_requirement_id"), table_name="call_offs")
    op.drop_table("call_offs")
    op.drop_index("ix_person_accesses_requirement", table_name="person_accesses")
    op.drop_table("person_accesses")
    op.drop_index(op.f("ix_requirement_people_key_id"), table_name="requirement_people")
    op.drop_table("requirement_people")
    op.drop_index("ix_requirements_raised", table_name="requirements")
    op.drop_table("requirements")
    with op.batch_alter_table("provider_facts") as batch:
        batch.drop_column("cqc_as_of")
        batch.drop_column("cqc_provider_id")
        batch.drop_column("name_as_of")
