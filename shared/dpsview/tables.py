"""The known-DPS tables, added to each consuming service's own metadata."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from shared.db import AwareDateTime

#: Text, not String(n): the registry bounds what it sends, and a copy must never refuse
#: (and so dead-letter) a value its owner accepted.
STATUS_LENGTH = 20


class DpsViewTables:
    """``dps_view`` (one row per DPS), ``dps_view_lots``, ``dps_view_windows``,
    ``dps_view_rate_cards``."""

    def __init__(self, metadata: MetaData) -> None:
        self.dps = Table(
            "dps_view",
            metadata,
            Column("dps_id", Uuid, primary_key=True),
            Column("name", Text, nullable=False),
            Column("regime", Text, nullable=False),
            Column("service_category", Text, nullable=False),
            Column("buyer_organisations", JSON, nullable=False),
            Column("status", String(STATUS_LENGTH), nullable=False),
            Column("starts_on", Date, nullable=False),
            Column("initial_term_ends_on", Date, nullable=False),
            Column("current_end_on", Date, nullable=False),
            Column("latest_end_on", Date, nullable=False),
            Column("opened_at", AwareDateTime, nullable=False),
            Column("ended_at", AwareDateTime, nullable=True),
            Column("end_reason", Text, nullable=False),
            Column("criteria", JSON, nullable=False),
            Column("price_compliance", JSON, nullable=False),
            #: The answer to GET /dps/{id}, rendered at every save (null: saved before v3).
            Column("document", Text, nullable=True),
            Index("ix_dps_view_opened", "opened_at", "dps_id"),
        )
        self.lots = Table(
            "dps_view_lots",
            metadata,
            Column("lot_id", Uuid, primary_key=True),
            Column(
                "dps_id",
                Uuid,
                ForeignKey("dps_view.dps_id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            Column("position", Integer, nullable=False),
            Column("code", Text, nullable=False),
            Column("title", Text, nullable=False),
            Column("admission_open", Boolean, nullable=False),
            Column("closed_lot", Boolean, nullable=False),
            Column("cqc_registration_required", Boolean, nullable=False),
            Column("remote_delivery_allowed", Boolean, nullable=False),
        )
        self.rate_cards = Table(
            "dps_view_rate_cards",
            metadata,
            Column("rate_card_id", Uuid, primary_key=True),
            Column(
                "dps_id",
                Uuid,
                ForeignKey("dps_view.dps_id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            Column("lot_id", Uuid, nullable=False),
            Column("effective_from", Date, nullable=False),
            Column("effective_to", Date, nullable=True),
            Column("rates", JSON, nullable=False),
        )
        self.windows = Table(
            "dps_view_windows",
            metadata,
            Column("window_id", Uuid, primary_key=True),
            Column(
                "dps_id",
                Uuid,
                ForeignKey("dps_view.dps_id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            Column("lot_ids", JSON, nullable=False),
            Column("opens_at", AwareDateTime, nullable=False),
            Column("closes_at", AwareDateTime, nullable=False),
        )
