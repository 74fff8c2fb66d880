"""The call-off service's tables.

Bounded columns read their sizes from ``domain.limits`` (what the API accepts always fits).
The read models copied from the registry use unbounded text: a copy never refuses what its
owner accepted. The person's identity has a table of its own, holding only ciphertext.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    text,
)

from services.calloff.domain import limits as n
from shared.db import AwareDateTime, new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)

_Position = BigInteger().with_variant(Integer(), "sqlite")
STATUS = 20
REFERENCE = 20

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

#: A provider's name, areas served and CQC id, each the newest announced (``*_as_of``).
provider_facts = Table(
    "provider_facts",
    metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("areas_served", JSON, nullable=False),
    Column("as_of", AwareDateTime, nullable=False),
    Column("name_as_of", AwareDateTime, nullable=False),
    Column("cqc_provider_id", Text, nullable=True),
    Column("cqc_as_of", AwareDateTime, nullable=True),
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

#: What may be advertised of a person's need; the identity is in ``requirement_people``.
requirements = Table(
    "requirements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(REFERENCE), nullable=False, unique=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("status", String(STATUS), nullable=False),
    Column("age_band", String(20), nullable=True),
    Column("postcode_district", String(n.POSTCODE_DISTRICT), nullable=True),
    Column("need_band", String(n.CODE), nullable=True),
    Column("needs_summary", String(n.TEXT), nullable=True),
    Column("volumes", JSON, nullable=False),
    Column("pattern", String(n.TEXT), nullable=False),
    Column("start_on", Date, nullable=True),
    Column("initial_term_months", Integer, nullable=True),
    Column("extension_months", JSON, nullable=False),
    Column("funding_route", String(40), nullable=True),
    Column("placement_id", Uuid, nullable=True, unique=True),
    Column("incumbent_name", Text, nullable=True),
    Column("current_end_on", Date, nullable=True),
    Column("person_recorded", Boolean, nullable=False),
    Column("raised_by", String(n.ACTOR_ID), nullable=False),
    Column("raised_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_requirements_raised", "raised_at", "id"),
)

#: The person's identity: one Fernet token (name, date of birth, address, NHS number as
#: JSON, encrypted), and which key made it (a fingerprint, never the key).
requirement_people = Table(
    "requirement_people",
    metadata,
    Column(
        "requirement_id", Uuid, ForeignKey("requirements.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("sealed", Text, nullable=False),
    Column("key_id", String(16), nullable=False, index=True),
    Column("recorded_by", String(n.ACTOR_ID), nullable=False),
    Column("recorded_at", AwareDateTime, nullable=False),
)

#: Every access to a person's identity, granted or refused (R17).
person_accesses = Table(
    "person_accesses",
    metadata,
    Column("position", _Position, primary_key=True, autoincrement=True),
    Column("requirement_id", Uuid, nullable=False),
    Column("at", AwareDateTime, nullable=False),
    Column("action", String(STATUS), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("actor_id", String(n.ACTOR_ID), nullable=False),
    Column("actor_role", String(STATUS), nullable=False),
    Column("organisation", String(n.ORGANISATION), nullable=False),
    Column("provider_id", Uuid, nullable=True),
    Index("ix_person_accesses_requirement", "requirement_id", "position"),
)

call_offs = Table(
    "call_offs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(REFERENCE), nullable=False, unique=True),
    Column("requirement_id", Uuid, nullable=False, index=True),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("kind", String(STATUS), nullable=False),
    Column("pricing_mode", String(STATUS), nullable=False),
    Column("criteria", JSON, nullable=False),
    Column("fixed_rates", JSON, nullable=False),
    Column("funding_shares", JSON, nullable=False),
    Column("response_deadline", AwareDateTime, nullable=False),
    Column("direct_award_provider_id", Uuid, nullable=True),
    Column("direct_award_justification", String(n.TEXT), nullable=True),
    Column("status", String(STATUS), nullable=False),
    Column("created_by", String(n.ACTOR_ID), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Column("published_at", AwareDateTime, nullable=True),
    Column("terms", JSON, nullable=True),
    Column("invitee_count", Integer, nullable=False),
    Column("omitted", JSON, nullable=False),
    Column("short_period", Boolean, nullable=False),
    Column("closed_at", AwareDateTime, nullable=True),
    Column("closed_early", Boolean, nullable=False),
    Column("outcome_reason", String(n.TEXT), nullable=True),
    Column("cancelled_by", String(n.ACTOR_ID), nullable=True),
    Column("contract_id", Uuid, nullable=True),
    Column("awarded_provider_id", Uuid, nullable=True),
    Column("awarded_provider_name", Text, nullable=True),
    Column("awarded_at", AwareDateTime, nullable=True),
    Column("republished_from", Uuid, nullable=True),
    Column("republished_as", Uuid, nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_call_offs_due", "status", "response_deadline"),
    Index("ix_call_offs_created", "created_at", "id"),
)

short_period_consents = Table(
    "short_period_consents",
    metadata,
    Column("call_off_id", Uuid, primary_key=True),
    Column("provider_id", Uuid, primary_key=True),
    Column("evidence", String(n.TEXT), nullable=False),
    Column("recorded_by", String(n.ACTOR_ID), nullable=False),
    Column("recorded_at", AwareDateTime, nullable=False),
)

#: The frozen invitation list of each published call-off.
invitations = Table(
    "invitations",
    metadata,
    Column("call_off_id", Uuid, primary_key=True),
    Column("provider_id", Uuid, primary_key=True),
    Column("membership_id", Uuid, nullable=False),
    Column("provider_name", Text, nullable=False),
    Column("invited_at", AwareDateTime, nullable=False),
    Column("declined_at", AwareDateTime, nullable=True),
    Column("decline_reason", String(n.TEXT), nullable=True),
    Index("ix_invitations_provider", "provider_id", "invited_at", "call_off_id"),
)

clarifications = Table(
    "clarifications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False),
    Column("question", String(n.TEXT), nullable=False),
    Column("asked_at", AwareDateTime, nullable=False),
    Column("answer", String(n.TEXT), nullable=True),
    Column("answered_at", AwareDateTime, nullable=True),
    Column("answered_by", String(n.ACTOR_ID), nullable=True),
    Index("ix_clarifications_call_off", "call_off_id", "asked_at", "id"),
)

#: Sealed responses; one live (``submitted``) response per invitee and call-off.
responses = Table(
    "responses",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False),
    Column("status", String(STATUS), nullable=False),
    Column("content", JSON, nullable=False),
    Column("submitted_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Column("withdrawn_at", AwareDateTime, nullable=True),
    Column("invalid_reason", String(40), nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_responses_call_off", "call_off_id", "submitted_at", "id"),
    Index(
        "uq_responses_live", "call_off_id", "provider_id", unique=True,
        postgresql_where=text("status = 'submitted'"),
        sqlite_where=text("status = 'submitted'"),
    ),
)

#: The audit trail of every call-off: who decided what, when and why (R23).
call_off_decisions = Table(
    "call_off_decisions",
    metadata,
    Column("position", _Position, primary_key=True, autoincrement=True),
    Column("call_off_id", Uuid, nullable=False),
    Column("at", AwareDateTime, nullable=False),
    Column("action", String(60), nullable=False),
    Column("actor_id", String(n.ACTOR_ID), nullable=False),
    Column("actor_role", String(STATUS), nullable=False),
    Column("why", Text, nullable=False),
    Column("provider_id", Uuid, nullable=True),
    Column("details", JSON, nullable=False),
    Index("ix_call_off_decisions_call_off", "call_off_id", "position"),
)
