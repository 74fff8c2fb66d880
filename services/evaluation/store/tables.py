"""The evaluation service's tables: evaluations and their parts, the responses opened before
their call-off's close, the known DPSs, outbox and inbox.

Text taken from the call-off's events is kept as ``Text`` (its producer bounded it; a copy
must never refuse what its owner accepted); what people type here is bounded by
``domain.limits``, in the API models and the columns alike.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from services.evaluation.domain import limits as n
from services.evaluation.domain.audit import AuditAction
from services.evaluation.domain.compliance import Finding
from services.evaluation.domain.evaluation_core import EvaluationStatus
from services.evaluation.domain.ranking import CriterionResult
from services.evaluation.domain.responses import Clarification
from services.evaluation.domain.scale import ScalePoint
from shared.columns import JsonOf, StrEnumType
from shared.db import AwareDateTime, new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.events.calloff import Answer, CallOffTerms, PriceLine
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)

#: GBP: up to 10^16 pounds, in pence.
MONEY = Numeric(18, 2)
#: Published scores and totals, to ``SCORE_PLACES`` places.
SCORE = Numeric(12, n.SCORE_PLACES)
PERSON = String(n.ACTOR_ID)


def _parent() -> Column[object]:
    return Column("evaluation_id", Uuid, ForeignKey("evaluations.id", ondelete="CASCADE"),
                  nullable=False, index=True)


def _position() -> Column[object]:
    return Column("position", Integer, nullable=False)


evaluations = Table(
    "evaluations", metadata,
    Column("id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False, unique=True),
    Column("terms", JsonOf(CallOffTerms), nullable=False),
    Column("method", String(40), nullable=False),
    Column("status", StrEnumType(EvaluationStatus, 20), nullable=False),
    Column("scale", JsonOf(list[ScalePoint]), nullable=False),
    Column("moderator_id", PERSON, nullable=True),
    Column("created_at", AwareDateTime, nullable=False),
    Column("closed_at", AwareDateTime, nullable=False),
    Column("completed_at", AwareDateTime, nullable=True),
    Column("completed_by", PERSON, nullable=True),
    Column("recommended_response_id", Uuid, nullable=True),
    Column("recommended_provider_id", Uuid, nullable=True),
    Column("summaries_sent_at", AwareDateTime, nullable=True),
    Column("summaries_sent_by", PERSON, nullable=True),
    Column("changed_at", AwareDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_evaluations_created", "created_at", "id"),
)

evaluation_responses = Table(
    "evaluation_responses", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("provider_name", Text, nullable=False),
    Column("submitted_at", AwareDateTime, nullable=False),
    Column("answers", JsonOf(list[Answer]), nullable=False),
    Column("prices", JsonOf(list[PriceLine]), nullable=False),
    Column("accepts_fixed_rate", Boolean, nullable=False),
    Column("proposed_start_on", Date, nullable=False),
    Column("capacity_confirmed", Boolean, nullable=False),
    Column("reasons", JsonOf(list[Finding]), nullable=False),
    Column("flags", JsonOf(list[Finding]), nullable=False),
    Column("annual_cost", MONEY, nullable=True),
    Column("whole_life_cost", MONEY, nullable=True),
    Column("clarification", StrEnumType(Clarification, 20), nullable=True),
    Column("clarification_note", Text, nullable=False),
    Column("clarified_by", PERSON, nullable=True),
    Column("clarified_at", AwareDateTime, nullable=True),
    Column("rank", Integer, nullable=True),
    Column("total_score", SCORE, nullable=True),
    Column("quality_score", SCORE, nullable=True),
    Column("price_score", SCORE, nullable=True),
    Column("social_value_score", SCORE, nullable=True),
    Column("criterion_scores", JsonOf(list[CriterionResult]), nullable=False),
)

evaluator_assignments = Table(
    "evaluator_assignments", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("evaluator_id", PERSON, nullable=False),
    Column("criteria", JsonOf(list[str]), nullable=False),
    Column("assigned_at", AwareDateTime, nullable=False),
    Column("assigned_by", PERSON, nullable=False),
    UniqueConstraint("evaluation_id", "evaluator_id"),
)

conflict_declarations = Table(
    "conflict_declarations", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("person_id", PERSON, nullable=False),
    Column("provider_id", Uuid, nullable=False),
    Column("conflicted", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("declared_at", AwareDateTime, nullable=False),
    UniqueConstraint("evaluation_id", "person_id", "provider_id"),
)

scores = Table(
    "scores", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("response_id", Uuid, nullable=False),
    Column("criterion_code", String(n.CODE), nullable=False),
    Column("evaluator_id", PERSON, nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("scored_at", AwareDateTime, nullable=False),
    UniqueConstraint("evaluation_id", "response_id", "criterion_code", "evaluator_id"),
)

consensus_scores = Table(
    "consensus_scores", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("response_id", Uuid, nullable=False),
    Column("criterion_code", String(n.CODE), nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("moderated_by", PERSON, nullable=False),
    Column("moderated_at", AwareDateTime, nullable=False),
    UniqueConstraint("evaluation_id", "response_id", "criterion_code"),
)

evaluation_decisions = Table(
    "evaluation_decisions", metadata,
    Column("id", Uuid, primary_key=True),
    _parent(), _position(),
    Column("at", AwareDateTime, nullable=False),
    Column("action", StrEnumType(AuditAction, 40), nullable=False),
    Column("actor_id", PERSON, nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("why", Text, nullable=False),
    Column("response_id", Uuid, nullable=True),
    Column("provider_id", Uuid, nullable=True),
    Column("criterion_code", String(n.CODE), nullable=True),
    Column("score", SmallInteger, nullable=True),
    Column("person_id", PERSON, nullable=True),
)

#: A response's content as ``ResponseOpened`` brought it, kept until its call-off's close
#: creates the evaluation (the same aggregate's events, so every one arrives first).
opened_responses = Table(
    "opened_responses", metadata,
    Column("response_id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False, index=True),
    Column("content", Text, nullable=False),
    Column("received_at", AwareDateTime, nullable=False),
)
