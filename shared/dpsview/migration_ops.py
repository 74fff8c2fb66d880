"""Frozen migration steps for the known-DPS tables, called by each consuming service.

A step here never changes once released: a later change is a new step.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_dps_view_v1() -> None:
    op.create_table(
        "dps_view",
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("regime", sa.Text(), nullable=False),
        sa.Column("service_category", sa.Text(), nullable=False),
        sa.Column("buyer_organisations", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("initial_term_ends_on", sa.Date(), nullable=False),
        sa.Column("current_end_on", sa.Date(), nullable=False),
        sa.Column("latest_end_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("dps_id", name=op.f("pk_dps_view")),
    )
    op.create_index("ix_dps_view_opened", "dps_view", ["opened_at", "dps_id"], unique=False)
    op.create_table(
        "dps_view_lots",
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("admission_open", sa.Boolean(), nullable=False),
        sa.Column("closed_lot", sa.Boolean(), nullable=False),
        sa.Column("cqc_registration_required", sa.Boolean(), nullable=False),
        sa.Column("remote_delivery_allowed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps_view.dps_id"],
            name=op.f("fk_dps_view_lots_dps_id_dps_view"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lot_id", name=op.f("pk_dps_view_lots")),
    )
    op.create_index(
        op.f("ix_dps_view_lots_dps_id"), "dps_view_lots", ["dps_id"], unique=False
    )
    op.create_table(
        "dps_view_windows",
        sa.Column("window_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_ids", sa.JSON(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps_view.dps_id"],
            name=op.f("fk_dps_view_windows_dps_id_dps_view"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("window_id", name=op.f("pk_dps_view_windows")),
    )
    op.create_index(
        op.f("ix_dps_view_windows_dps_id"), "dps_view_windows", ["dps_id"], unique=False
    )


def drop_dps_view_v1() -> None:
    op.drop_index(op.f("ix_dps_view_windows_dps_id"), table_name="dps_view_windows")
    op.drop_table("dps_view_windows")
    op.drop_index(op.f("ix_dps_view_lots_dps_id"), table_name="dps_view_lots")
    op.drop_table("dps_view_lots")
    op.drop_index("ix_dps_view_opened", table_name="dps_view")
    op.drop_table("dps_view")


def add_dps_view_catalogue_v2() -> None:
    """The criteria catalogue, price-compliance setting and rate cards of each known DPS."""
    with op.batch_alter_table("dps_view") as batch:
        batch.add_column(
            sa.Column("criteria", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(
            sa.Column(
                "price_compliance", sa.JSON(), nullable=False, server_default=sa.text("'{}'")
            )
        )
    with op.batch_alter_table("dps_view") as batch:
        batch.alter_column("criteria", server_default=None)
        batch.alter_column("price_compliance", server_default=None)
    op.create_table(
        "dps_view_rate_cards",
        sa.Column("rate_card_id", sa.Uuid(), nullable=False),
        sa.Column("dps_id", sa.Uuid(), nullable=False),
        sa.Column("lot_id", sa.Uuid(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("rates", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dps_id"], ["dps_view.dps_id"],
            name=op.f("fk_dps_view_rate_cards_dps_id_dps_view"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rate_card_id", name=op.f("pk_dps_view_rate_cards")),
    )
    op.create_index(
        op.f("ix_dps_view_rate_cards_dps_id"), "dps_view_rate_cards", ["dps_id"], unique=False
    )


def drop_dps_view_catalogue_v2() -> None:
    op.drop_index(op.f("ix_dps_view_rate_cards_dps_id"), table_name="dps_view_rate_cards")
    op.drop_table("dps_view_rate_cards")
    with op.batch_alter_table("dps_view") as batch:
        batch.drop_column("price_compliance")
        batch.drop_column("criteria")


def add_dps_view_document_v3() -> None:
    """The answer to GET /dps/{id}, kept rendered (rows saved before stay null: answered the
    slower way until their DPS next changes)."""
    with op.batch_alter_table("dps_view") as batch:
        batch.add_column(sa.Column("document", sa.Text(), nullable=True))


def drop_dps_view_document_v3() -> None:
    with op.batch_alter_table("dps_view") as batch:
        batch.drop_column("document")
