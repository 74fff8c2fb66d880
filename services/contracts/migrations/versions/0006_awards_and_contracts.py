"""awards, schemes of delegation, contracts and KPI records, placements, budgets; the
lots" members and providers" names; ranked responses and assessment summaries

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
    op.create_table(
        "assessment_summaries",
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("evaluation_id", name=op.f("pk_assessment_summaries")),
    )
    with op.batch_alter_table("assessment_summaries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_summaries_call_off_id"), ["call_off_id"], unique=False
        )

    op.create_table(
        "awards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_off_id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("recommended_by", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approved_by", sa.String(length=300), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approver_level", sa.String(length=60), nullable=True),
        sa.Column("standstill_days", sa.Integer(), nullable=True),
        sa.Column("standstill_working_days", sa.Boolean(), nullable=True),
        sa.Column("standstill_mandatory", sa.Boolean(), nullable=True),
        sa.Column("standstill_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_window_days", sa.Integer(), nullable=True),
        sa.Column("summaries_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awards")),
        sa.UniqueConstraint("call_off_id", name=op.f("uq_awards_call_off_id")),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.create_index("ix_awards_created", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_awards_dps_id"), ["dps_id"], unique=False)
        batch_op.create_index("ix_awards_due", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_awards_lot_id"), ["lot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_awards_status"), ["status"], unique=False)

    op.create_table(
        "budgets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=True),
        sa.Column("buyer", sa.String(length=300), nullable=True),
        sa.Column("financial_year", sa.Integer(), nullable=False),
        sa.Column("annual_budget", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("baseline_annual_spend", sa.Numeric(precision=15, scale=2), nullable=True),
        sa.Column("savings_target", sa.Numeric(precision=15, scale=2), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
    )
    with op.batch_alter_table("budgets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_budgets_dps_year", ["dps_id", "financial_year", "id"], unique=False
        )

    op.create_table(
        "contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("award_id", sa.Uuid(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=True),
        sa.Column("call_off_id", sa.Uuid(), nullable=True),
        sa.Column("call_off_reference", sa.String(length=60), nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=True),
        sa.Column("requirement_raised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.Text(), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.Column("buyer_organisation", sa.Text(), nullable=False),
        sa.Column("funding_route", sa.String(length=40), nullable=False),
        sa.Column("funding_shares", sa.JSON(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("initial_term_months", sa.Integer(), nullable=False),
        sa.Column("extension_months", sa.JSON(), nullable=False),
        sa.Column("rates", sa.JSON(), nullable=False),
        sa.Column("volumes", sa.JSON(), nullable=False),
        sa.Column("reference_rates", sa.JSON(), nullable=False),
        sa.Column("annual_value", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("whole_life_value", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_end_on", sa.Date(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("termination_reason", sa.Text(), nullable=False),
        sa.Column("terminated_by", sa.String(length=300), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("award_id", name=op.f("uq_contracts_award_id")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index("ix_contracts_awarded", ["awarded_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_call_off_id"), ["call_off_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_dps_id"), ["dps_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_lot_id"), ["lot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_status"), ["status"], unique=False)

    op.create_table(
        "delegation_schemes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("buyer", sa.String(length=300), nullable=False),
        sa.Column("buyer_key", sa.String(length=300), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_schemes")),
        sa.UniqueConstraint("buyer_key", name=op.f("uq_delegation_schemes_buyer_key")),
    )
    op.create_table(
        "kpi_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Numeric(precision=15, scale=4), nullable=False),
        sa.Column("actual", sa.Numeric(precision=15, scale=4), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("rating", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_records")),
    )
    with op.batch_alter_table("kpi_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kpi_records_contract", ["contract_id", "period_end", "id"], unique=False
        )

    op.create_table(
        "lot_memberships",
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("standing", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("membership_id", name=op.f("pk_lot_memberships")),
    )
    with op.batch_alter_table("lot_memberships", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lot_memberships_lot_provider", ["lot_id", "provider_id"], unique=False
        )
        batch_op.create_index("ix_lot_memberships_provider", ["provider_id"], unique=False)

    op.create_table(
        "placements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("incumbent_name", sa.String(length=300), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("need_band", sa.String(length=60), nullable=False),
        sa.Column("postcode_district", sa.String(length=4), nullable=False),
        sa.Column("funding_route", sa.String(length=40), nullable=False),
        sa.Column("volumes", sa.JSON(), nullable=False),
        sa.Column("rates", sa.JSON(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("current_end_on", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
        sa.UniqueConstraint("dps_id", "reference", name=op.f("uq_placements_dps_id")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_import_id"), ["import_id"], unique=False)
        batch_op.create_index("ix_placements_imported", ["imported_at", "id"], unique=False)

    op.create_table(
        "provider_facts",
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_provider_facts")),
    )
    op.create_table(
        "ranked_responses",
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_ranked_responses")),
    )
    with op.batch_alter_table("ranked_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ranked_responses_evaluation_id"), ["evaluation_id"], unique=False
        )

    op.create_table(
        "award_candidates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("award_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("total_score", sa.Numeric(precision=24, scale=6), nullable=False),
        sa.Column("annual_cost", sa.Numeric(precision=15, scale=2), nullable=True),
        sa.Column("whole_life_cost", sa.Numeric(precision=15, scale=2), nullable=True),
        sa.Column("prices", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["awards.id"],
            name=op.f("fk_award_candidates_award_id_awards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_candidates")),
    )
    with op.batch_alter_table("award_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_award_candidates_award_id"), ["award_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_award_candidates_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "award_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("award_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.String(length=300), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["awards.id"],
            name=op.f("fk_award_history_award_id_awards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_history")),
    )
    with op.batch_alter_table("award_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_history_award_id"), ["award_id"], unique=False)

    op.create_table(
        "contract_extensions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("option_sequence", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_contract_extensions_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_extensions")),
    )
    with op.batch_alter_table("contract_extensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_extensions_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "contract_variations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rates", sa.JSON(), nullable=False),
        sa.Column("volumes", sa.JSON(), nullable=False),
        sa.Column("annual_value", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("whole_life_value", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("varied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("varied_by", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_contract_variations_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_variations")),
    )
    with op.batch_alter_table("contract_variations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_variations_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contract_variations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_variations_contract_id"))

    op.drop_table("contract_variations")
    with op.batch_alter_table("contract_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_extensions_contract_id"))

    op.drop_table("contract_extensions")
    with op.batch_alter_table("award_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_history_award_id"))

    op.drop_table("award_history")
    with op.batch_alter_table("award_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_candidates_provider_id"))
        batch_op.drop_index(batch_op.f("ix_award_candidates_award_id"))

    op.drop_table("award_candidates")
    with op.batch_alter_table("ranked_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ranked_responses_evaluation_id"))

    op.drop_table("ranked_responses")
    op.drop_table("provider_facts")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index("ix_placements_imported")
        batch_op.drop_index(batch_op.f("ix_placements_import_id"))

    op.drop_table("placements")
    with op.batch_alter_table("lot_memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_lot_memberships_provider")
        batch_op.drop_index("ix_lot_memberships_lot_provider")

    op.drop_table("lot_memberships")
    with op.batch_alter_table("kpi_records", schema=None) as batch_op:
        batch_op.drop_index("ix_kpi_records_contract")

    op.drop_table("kpi_records")
    op.drop_table("delegation_schemes")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_status"))
        batch_op.drop_index(batch_op.f("ix_contracts_provider_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_lot_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_due_on"))
        batch_op.drop_index(batch_op.f("ix_contracts_dps_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_call_off_id"))
        batch_op.drop_index("ix_contracts_awarded")

    op.drop_table("contracts")
    with op.batch_alter_table("budgets", schema=None) as batch_op:
        batch_op.drop_index("ix_budgets_dps_year")

    op.drop_table("budgets")
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_awards_status"))
        batch_op.drop_index(batch_op.f("ix_awards_lot_id"))
        batch_op.drop_index("ix_awards_due")
        batch_op.drop_index(batch_op.f("ix_awards_dps_id"))
        batch_op.drop_index("ix_awards_created")

    op.drop_table("awards")
    with op.batch_alter_table("assessment_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_summaries_call_off_id"))

    op.drop_table("assessment_summaries")
