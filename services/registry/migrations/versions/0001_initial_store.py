"""initial store: DPSs, providers, applications, memberships, decisions, outbox, inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.messaging.migration_ops import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_and_inbox_v1()
    op.create_table(
        "applications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.String(length=300), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extension_working_days", sa.Integer(), nullable=True),
        sa.Column("decision_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("rejection_reasons", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    op.create_index(
        op.f("ix_applications_decision_due_at"), "applications", ["decision_due_at"], unique=False
    )
    op.create_index(op.f("ix_applications_dps_id"), "applications", ["dps_id"], unique=False)
    op.create_index(
        op.f("ix_applications_provider_id"), "applications", ["provider_id"], unique=False
    )
    op.create_index(op.f("ix_applications_status"), "applications", ["status"], unique=False)
    op.create_table(
        "decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_subject_id"), "decisions", ["subject_id"], unique=False)
    op.create_table(
        "dps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.Column("service_category", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("initial_term_months", sa.Integer(), nullable=False),
        sa.Column("admission_mode", sa.String(length=20), nullable=False),
        sa.Column("initial_window_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_service_level_working_days", sa.Integer(), nullable=True),
        sa.Column("decision_extension_service_level_working_days", sa.Integer(), nullable=True),
        sa.Column("participation_fee", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("suspend_on_missed_redeclaration", sa.Boolean(), nullable=False),
        sa.Column("suspend_on_expired_document", sa.Boolean(), nullable=False),
        sa.Column("document_warning_days", sa.Integer(), nullable=False),
        sa.Column("redeclaration_working_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dps")),
    )
    op.create_index(op.f("ix_dps_status"), "dps", ["status"], unique=False)
    op.create_table(
        "memberships",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suspension_reason", sa.String(length=40), nullable=True),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removal_reason", sa.String(length=40), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    op.create_index(op.f("ix_memberships_dps_id"), "memberships", ["dps_id"], unique=False)
    op.create_index(op.f("ix_memberships_lot_id"), "memberships", ["lot_id"], unique=False)
    op.create_index(
        op.f("ix_memberships_provider_id"), "memberships", ["provider_id"], unique=False
    )
    op.create_index(
        "uq_memberships_current",
        "memberships",
        ["lot_id", "provider_id"],
        unique=True,
        postgresql_where=sa.text("status <> 'removed'"),
        sqlite_where=sa.text("status <> 'removed'"),
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("companies_house_number", sa.String(length=8), nullable=False),
        sa.Column("cqc_provider_id", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("organisation", name=op.f("uq_providers_organisation")),
    )
    op.create_index(
        op.f("ix_providers_companies_house_number"),
        "providers",
        ["companies_house_number"],
        unique=False,
    )
    op.create_table(
        "application_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Uuid(), nullable=False),
        sa.Column("answer", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_answers_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_answers")),
    )
    op.create_index(
        op.f("ix_application_answers_application_id"),
        "application_answers",
        ["application_id"],
        unique=False,
    )
    op.create_table(
        "application_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_documents_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_documents")),
    )
    op.create_index(
        op.f("ix_application_documents_application_id"),
        "application_documents",
        ["application_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_application_documents_expires_on"),
        "application_documents",
        ["expires_on"],
        unique=False,
    )
    op.create_table(
        "application_lots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_lots_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_lots")),
    )
    op.create_index(
        op.f("ix_application_lots_application_id"),
        "application_lots",
        ["application_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_application_lots_lot_id"), "application_lots", ["lot_id"], unique=False
    )
    op.create_table(
        "award_criteria",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("min_weight", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("max_weight", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_award_criteria_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_criteria")),
        sa.UniqueConstraint("dps_id", "code", name=op.f("uq_award_criteria_dps_id")),
    )
    op.create_index(op.f("ix_award_criteria_dps_id"), "award_criteria", ["dps_id"], unique=False)
    op.create_table(
        "dps_buyers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_dps_buyers_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dps_buyers")),
    )
    op.create_index(op.f("ix_dps_buyers_dps_id"), "dps_buyers", ["dps_id"], unique=False)
    op.create_table(
        "dps_extension_options",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("exercised", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"],
            ["dps.id"],
            name=op.f("fk_dps_extension_options_dps_id_dps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dps_extension_options")),
    )
    op.create_index(
        op.f("ix_dps_extension_options_dps_id"), "dps_extension_options", ["dps_id"], unique=False
    )
    op.create_table(
        "lots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("closed_lot", sa.Boolean(), nullable=False),
        sa.Column("cqc_registration_required", sa.Boolean(), nullable=False),
        sa.Column("remote_delivery_allowed", sa.Boolean(), nullable=False),
        sa.Column("accepting_applications", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_lots_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("dps_id", "code", name=op.f("uq_lots_dps_id")),
    )
    op.create_index(op.f("ix_lots_dps_id"), "lots", ["dps_id"], unique=False)
    op.create_table(
        "provider_areas",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_areas_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_areas")),
    )
    op.create_index(
        op.f("ix_provider_areas_provider_id"), "provider_areas", ["provider_id"], unique=False
    )
    op.create_table(
        "provider_capacities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_capacities_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_capacities")),
    )
    op.create_index(
        op.f("ix_provider_capacities_provider_id"),
        "provider_capacities",
        ["provider_id"],
        unique=False,
    )
    op.create_table(
        "provider_contacts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_contacts_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_contacts")),
    )
    op.create_index(
        op.f("ix_provider_contacts_provider_id"), "provider_contacts", ["provider_id"], unique=False
    )
    op.create_table(
        "provider_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("warned_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_documents_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_documents")),
    )
    op.create_index(
        op.f("ix_provider_documents_expires_on"), "provider_documents", ["expires_on"], unique=False
    )
    op.create_index(
        op.f("ix_provider_documents_provider_id"),
        "provider_documents",
        ["provider_id"],
        unique=False,
    )
    op.create_table(
        "rate_cards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_rate_cards_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_cards")),
    )
    op.create_index(op.f("ix_rate_cards_dps_id"), "rate_cards", ["dps_id"], unique=False)
    op.create_index(op.f("ix_rate_cards_lot_id"), "rate_cards", ["lot_id"], unique=False)
    op.create_table(
        "redeclarations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_redeclarations_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redeclarations")),
    )
    op.create_index(op.f("ix_redeclarations_due_at"), "redeclarations", ["due_at"], unique=False)
    op.create_index(
        op.f("ix_redeclarations_membership_id"), "redeclarations", ["membership_id"], unique=False
    )
    op.create_table(
        "reopening_windows",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps.id"], name=op.f("fk_reopening_windows_dps_id_dps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reopening_windows")),
    )
    op.create_index(
        op.f("ix_reopening_windows_dps_id"), "reopening_windows", ["dps_id"], unique=False
    )
    op.create_table(
        "rates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rate_card_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("element", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("min_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("max_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("band", sa.String(length=100), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["rate_card_id"],
            ["rate_cards.id"],
            name=op.f("fk_rates_rate_card_id_rate_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rates")),
    )
    op.create_index(op.f("ix_rates_rate_card_id"), "rates", ["rate_card_id"], unique=False)
    op.create_table(
        "required_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("must_not_be_expired", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lots.id"],
            name=op.f("fk_required_documents_lot_id_lots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_required_documents")),
    )
    op.create_index(
        op.f("ix_required_documents_lot_id"), "required_documents", ["lot_id"], unique=False
    )
    op.create_table(
        "selection_questions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pass_answer", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lots.id"],
            name=op.f("fk_selection_questions_lot_id_lots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_questions")),
    )
    op.create_index(
        op.f("ix_selection_questions_lot_id"), "selection_questions", ["lot_id"], unique=False
    )
    op.create_table(
        "window_lots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("window_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["reopening_windows.id"],
            name=op.f("fk_window_lots_window_id_reopening_windows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_window_lots")),
    )
    op.create_index(op.f("ix_window_lots_window_id"), "window_lots", ["window_id"], unique=False)


def downgrade() -> None:
    op.drop_table("window_lots")
    op.drop_table("selection_questions")
    op.drop_table("required_documents")
    op.drop_table("rates")
    op.drop_table("reopening_windows")
    op.drop_table("redeclarations")
    op.drop_table("rate_cards")
    op.drop_table("provider_documents")
    op.drop_table("provider_contacts")
    op.drop_table("provider_capacities")
    op.drop_table("provider_areas")
    op.drop_table("lots")
    op.drop_table("dps_extension_options")
    op.drop_table("dps_buyers")
    op.drop_table("award_criteria")
    op.drop_table("application_lots")
    op.drop_table("application_documents")
    op.drop_table("application_answers")
    op.drop_table("providers")
    op.drop_table("memberships")
    op.drop_table("dps")
    op.drop_table("decisions")
    op.drop_table("applications")
    drop_outbox_and_inbox_v1()
