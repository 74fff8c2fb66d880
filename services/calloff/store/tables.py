"""The call-off service's tables."""

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text, Uuid

from shared.db import AwareDateTime, new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)

#: One row per membership the registry announced (text columns: a copy never refuses what
#: its owner accepted).
lot_members = Table(
    "lot_members",
    metadata,
    Column("membership_id", Uuid, primary_key=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("provider_name", Text, nullable=False),
    Column("cqc_provider_id", Text, nullable=True),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("admitted_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Index("ix_lot_members_lot", "lot_id", "admitted_at", "membership_id"),
)

#: A provider's name and areas served, newest first wins.
provider_facts = Table(
    "provider_facts",
    metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("areas_served", JSON, nullable=False),
    Column("as_of", AwareDateTime, nullable=False),
)

#: A provider's capacity in a lot, newest first wins.
lot_capacities = Table(
    "lot_capacities",
    metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("lot_id", Uuid, primary_key=True),
    Column("dps_id", Uuid, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("as_of", AwareDateTime, nullable=False),
)
