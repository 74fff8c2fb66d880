"""The registry's tables. One table per aggregate root and one per kind of child row.

Children carry a ``position`` so lists come back in the order the domain built them.
Foreign keys tie children to their parent only; an aggregate refers to another by id,
so each can be loaded, locked and changed on its own.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from services.registry.domain import limits as n
from services.registry.domain.applications import ApplicationStatus, LotOutcome
from services.registry.domain.audit import AuditAction
from services.registry.domain.dps import AdmissionMode, DpsStatus
from services.registry.domain.lots import CriterionKind, WindowStatus
from services.registry.domain.memberships import (
    MembershipStatus,
    RemovalReason,
    SuspensionReason,
)
from services.registry.domain.rates import PriceAboveReference, RateUnit
from shared.columns import StrEnumType
from shared.db import AwareDateTime, new_metadata
from shared.messaging.tables import messaging_tables
from shared.regimes import Regime

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)

MONEY = Numeric(n.MONEY_DIGITS, n.MONEY_PLACES)
WEIGHT = Numeric(n.WEIGHT_DIGITS, n.WEIGHT_PLACES)


def _id() -> Column[object]:
    return Column("id", Uuid, primary_key=True)


def _parent(name: str, table: str) -> Column[object]:
    return Column(name, Uuid, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False,
                  index=True)


def _position() -> Column[object]:
    return Column("position", Integer, nullable=False)


# --- DPS and its parts ---------------------------------------------------------------------

dps = Table(
    "dps", metadata, _id(),
    Column("name", String(n.NAME), nullable=False),
    Column("regime", StrEnumType(Regime, 40), nullable=False),
    #: The regime's rule set the DPS keeps: the one that took effect on this date.
    Column("rules_effective_from", Date, nullable=False),
    Column("service_category", String(n.CATEGORY), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("initial_term_months", Integer, nullable=False),
    Column("admission_mode", StrEnumType(AdmissionMode, 20), nullable=False),
    Column("initial_window_ends_at", AwareDateTime, nullable=True),
    Column("decision_service_level_working_days", Integer, nullable=True),
    Column("decision_extension_service_level_working_days", Integer, nullable=True),
    Column("participation_fee", MONEY, nullable=False),
    Column("suspend_on_missed_redeclaration", Boolean, nullable=False),
    Column("suspend_on_expired_document", Boolean, nullable=False),
    Column("document_warning_days", Integer, nullable=False),
    Column("redeclaration_working_days", Integer, nullable=False),
    Column("price_above_reference", StrEnumType(PriceAboveReference, 20), nullable=False),
    Column("abnormally_low_percent", Integer, nullable=False),
    Column("status", StrEnumType(DpsStatus, 20), nullable=False, index=True),
    Column("opened_at", AwareDateTime, nullable=True),
    Column("ended_at", AwareDateTime, nullable=True),
    Column("end_reason", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

#: The answer to GET /dps/{id}, rendered at every commit that touched the DPS
#: (``shared.documents``), with the status its visibility depends on.
dps_documents = Table(
    "dps_documents", metadata,
    Column("dps_id", Uuid, ForeignKey("dps.id", ondelete="CASCADE"), primary_key=True),
    Column("status", StrEnumType(DpsStatus, 20), nullable=False),
    Column("body", Text, nullable=False),
)

dps_buyers = Table(
    "dps_buyers", metadata, _id(), _parent("dps_id", "dps"), _position(),
    Column("name", String(n.NAME), nullable=False),
    Column("kind", String(n.KIND), nullable=False),
)

dps_extension_options = Table(
    "dps_extension_options", metadata, _id(), _parent("dps_id", "dps"),
    Column("sequence", Integer, nullable=False),
    Column("months", Integer, nullable=False),
    Column("exercised", Boolean, nullable=False),
)

lots = Table(
    "lots", metadata, _id(), _parent("dps_id", "dps"), _position(),
    Column("code", String(n.CODE), nullable=False),
    Column("title", String(n.NAME), nullable=False),
    Column("description", Text, nullable=False),
    Column("closed_lot", Boolean, nullable=False),
    Column("cqc_registration_required", Boolean, nullable=False),
    Column("remote_delivery_allowed", Boolean, nullable=False),
    Column("accepting_applications", Boolean, nullable=False),
    UniqueConstraint("dps_id", "code"),  # a second lot "1a" loses the race here
)

selection_questions = Table(
    "selection_questions", metadata, _id(), _parent("lot_id", "lots"), _position(),
    Column("code", String(n.CODE), nullable=False),
    Column("text", Text, nullable=False),
    Column("pass_answer", Boolean, nullable=False),
)

required_documents = Table(
    "required_documents", metadata, _id(), _parent("lot_id", "lots"), _position(),
    Column("document_type", String(n.DOCUMENT_TYPE), nullable=False),
    Column("description", Text, nullable=False),
    Column("must_not_be_expired", Boolean, nullable=False),
)

reopening_windows = Table(
    "reopening_windows", metadata, _id(), _parent("dps_id", "dps"), _position(),
    Column("opens_at", AwareDateTime, nullable=False),
    Column("closes_at", AwareDateTime, nullable=False),
    Column("status", StrEnumType(WindowStatus, 20), nullable=False),
)

window_lots = Table(
    "window_lots", metadata, _id(), _parent("window_id", "reopening_windows"), _position(),
    Column("lot_id", Uuid, nullable=False),
)

award_criteria = Table(
    "award_criteria", metadata, _id(), _parent("dps_id", "dps"), _position(),
    Column("code", String(n.CODE), nullable=False),
    Column("name", String(n.NAME), nullable=False),
    Column("kind", StrEnumType(CriterionKind, 20), nullable=False),
    Column("min_weight", WEIGHT, nullable=False),
    Column("max_weight", WEIGHT, nullable=False),
    UniqueConstraint("dps_id", "code"),
)

rate_cards = Table(
    "rate_cards", metadata, _id(), _parent("dps_id", "dps"), _position(),
    Column("lot_id", Uuid, nullable=False, index=True),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
)

rates = Table(
    "rates", metadata, _id(), _parent("rate_card_id", "rate_cards"), _position(),
    Column("element", String(n.ELEMENT), nullable=False),
    Column("unit", StrEnumType(RateUnit, 20), nullable=False),
    Column("min_amount", MONEY, nullable=False),
    Column("max_amount", MONEY, nullable=False),
    Column("band", String(n.ELEMENT), nullable=True),
    Column("currency", String(3), nullable=False),
)

# --- providers -----------------------------------------------------------------------------

providers = Table(
    "providers", metadata, _id(),
    #: The ``org`` claim its users' tokens carry; the id is derived from it.
    Column("organisation", String(n.ORGANISATION), nullable=False, unique=True),
    Column("name", String(n.NAME), nullable=False),
    Column("companies_house_number", String(n.COMPANIES_HOUSE), nullable=False, index=True),
    Column("cqc_provider_id", String(n.CQC_PROVIDER), nullable=True),
    Column("version", Integer, nullable=False),
)

provider_contacts = Table(
    "provider_contacts", metadata, _id(), _parent("provider_id", "providers"), _position(),
    Column("name", String(n.NAME), nullable=False),
    Column("email", String(n.EMAIL), nullable=False),
    Column("phone", String(n.PHONE), nullable=False),
    Column("role", String(n.CONTACT_ROLE), nullable=False),
)

provider_areas = Table(
    "provider_areas", metadata, _id(), _parent("provider_id", "providers"), _position(),
    Column("district", String(n.POSTCODE_DISTRICT), nullable=False),
)

provider_capacities = Table(
    "provider_capacities", metadata, _id(), _parent("provider_id", "providers"), _position(),
    Column("dps_id", Uuid, nullable=False),
    Column("lot_id", Uuid, nullable=False),
    Column("capacity", Integer, nullable=False),
)


def _document_columns() -> list[Column[object]]:
    return [
        Column("document_type", String(n.DOCUMENT_TYPE), nullable=False),
        Column("title", String(n.NAME), nullable=False),
        Column("content_sha256", String(n.SHA256), nullable=False),
        Column("declared_at", AwareDateTime, nullable=False),
        Column("expires_on", Date, nullable=True, index=True),
    ]


provider_documents = Table(
    "provider_documents", metadata, _id(), _parent("provider_id", "providers"), _position(),
    *_document_columns(),
    Column("warned_on", Date, nullable=True),
)

# --- applications --------------------------------------------------------------------------

applications = Table(
    "applications", metadata, _id(),
    Column("dps_id", Uuid, nullable=False, index=True),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("provider_name", String(n.NAME), nullable=False),
    Column("submitted_at", AwareDateTime, nullable=False),
    Column("extension_working_days", Integer, nullable=True),
    Column("decision_due_at", AwareDateTime, nullable=False, index=True),
    Column("extended", Boolean, nullable=False),
    Column("extension_reason", Text, nullable=False),
    Column("status", StrEnumType(ApplicationStatus, 20), nullable=False, index=True),
    Column("decided_at", AwareDateTime, nullable=True),
    Column("decided_by", String(n.ACTOR_ID), nullable=True),
    Column("rejection_reasons", JSON, nullable=False),
    Column("version", Integer, nullable=False),
)

application_lots = Table(
    "application_lots", metadata, _id(), _parent("application_id", "applications"),
    _position(),
    Column("lot_id", Uuid, nullable=False, index=True),
    Column("outcome", StrEnumType(LotOutcome, 20), nullable=False),
)

application_answers = Table(
    "application_answers", metadata, _id(), _parent("application_id", "applications"),
    _position(),
    Column("question_id", Uuid, nullable=False),
    Column("answer", Boolean, nullable=False),
)

application_documents = Table(
    "application_documents", metadata, _id(), _parent("application_id", "applications"),
    _position(), *_document_columns(),
)

# --- memberships ---------------------------------------------------------------------------

memberships = Table(
    "memberships", metadata, _id(),
    Column("dps_id", Uuid, nullable=False, index=True),
    Column("lot_id", Uuid, nullable=False, index=True),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("provider_name", String(n.NAME), nullable=False),
    Column("application_id", Uuid, nullable=False),
    Column("admitted_at", AwareDateTime, nullable=False),
    Column("status", StrEnumType(MembershipStatus, 20), nullable=False),
    Column("suspension_reason", StrEnumType(SuspensionReason, 40), nullable=True),
    Column("suspended_at", AwareDateTime, nullable=True),
    Column("removal_reason", StrEnumType(RemovalReason, 40), nullable=True),
    Column("removed_at", AwareDateTime, nullable=True),
    Column("version", Integer, nullable=False),
    # One current membership per provider and lot, whatever two admissions race to do.
    Index(
        "uq_memberships_current", "lot_id", "provider_id", unique=True,
        postgresql_where=text("status <> 'removed'"),
        sqlite_where=text("status <> 'removed'"),
    ),
)

redeclarations = Table(
    "redeclarations", metadata, _id(), _parent("membership_id", "memberships"), _position(),
    Column("request_id", Uuid, nullable=False),
    Column("requested_at", AwareDateTime, nullable=False),
    Column("due_at", AwareDateTime, nullable=False, index=True),
    Column("answered_at", AwareDateTime, nullable=True),
    Column("missed", Boolean, nullable=False),
)

# --- the audit trail -----------------------------------------------------------------------

#: Every decision on any aggregate; ``subject_type`` + ``subject_id`` name the aggregate.
decisions = Table(
    "decisions", metadata, _id(), _position(),
    Column("subject_type", String(20), nullable=False),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("subject_name", String(n.NAME), nullable=False),
    Column("action", StrEnumType(AuditAction, 80), nullable=False),
    Column("reason_code", String(40), nullable=True),
    Column("actor_id", String(n.ACTOR_ID), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("at", AwareDateTime, nullable=False),
    Column("why", Text, nullable=False),
)
