"""Awards: tables, their mapping onto the domain, and the repository."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
    exists,
    select,
)

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.awards.award import OPEN, Award, AwardStatus
from services.contracts.domain.awards.candidates import Candidate, CandidateStatus
from services.contracts.domain.awards.history import AwardAction, AwardEntry
from services.contracts.store.base import (
    MONEY,
    children,
    mapper_registry,
    metadata,
    parent,
    position,
)
from shared.actors import Actor
from shared.columns import JsonOf, StrEnumType
from shared.db import AwareDateTime
from shared.errors import NotFound
from shared.events.calloff import CallOffTerms, PriceLine
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

awards = Table(
    "awards", metadata,
    Column("id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False, unique=True),
    Column("evaluation_id", Uuid, nullable=False),
    Column("dps_id", Uuid, nullable=False, index=True),
    Column("lot_id", Uuid, nullable=False, index=True),
    Column("terms", JsonOf(CallOffTerms), nullable=False),
    Column("recommended_by", String(n.ACTOR_ID), nullable=False),
    Column("status", StrEnumType(AwardStatus, 20), nullable=False, index=True),
    Column("approved_by", String(n.ACTOR_ID), nullable=True),
    Column("approved_at", AwareDateTime, nullable=True),
    Column("approver_level", String(n.CODE), nullable=True),
    Column("standstill_days", Integer, nullable=True),
    Column("standstill_working_days", Boolean, nullable=True),
    Column("standstill_mandatory", Boolean, nullable=True),
    Column("standstill_ends_at", AwareDateTime, nullable=True),
    Column("offer_window_days", Integer, nullable=True),
    Column("summaries_sent_at", AwareDateTime, nullable=True),
    Column("offered_at", AwareDateTime, nullable=True),
    Column("offer_expires_at", AwareDateTime, nullable=True),
    Column("due_at", AwareDateTime, nullable=True),
    Column("contract_id", Uuid, nullable=True),
    Column("outcome_reason", Text, nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_awards_created", "created_at", "id"),
    Index("ix_awards_due", "status", "due_at"),
)

award_candidates = Table(
    "award_candidates", metadata,
    Column("id", Uuid, primary_key=True), parent("award_id", "awards"), position(),
    Column("response_id", Uuid, nullable=False),
    Column("provider_id", Uuid, nullable=False, index=True),
    Column("rank", Integer, nullable=False),
    Column("total_score", Numeric(24, 6), nullable=False),
    Column("annual_cost", MONEY, nullable=True),
    Column("whole_life_cost", MONEY, nullable=True),
    Column("prices", JsonOf(list[PriceLine]), nullable=False),
    Column("status", StrEnumType(CandidateStatus, 20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_at", AwareDateTime, nullable=True),
    Column("approved_at", AwareDateTime, nullable=True),
)

award_history = Table(
    "award_history", metadata,
    Column("id", Uuid, primary_key=True), parent("award_id", "awards"), position(),
    Column("at", AwareDateTime, nullable=False),
    Column("action", StrEnumType(AwardAction, 40), nullable=False),
    Column("actor_id", String(n.ACTOR_ID), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("why", Text, nullable=False),
    Column("response_id", Uuid, nullable=True),
    Column("provider_id", Uuid, nullable=True),
)


def map_awards() -> None:
    m = mapper_registry.map_imperatively
    m(Candidate, award_candidates)
    m(AwardEntry, award_history)
    m(Award, awards, version_id_col=awards.c.version, properties={
        "candidates": children(Candidate, award_candidates),
        "history": children(AwardEntry, award_history),
    })


def _seen_by(actor: Actor) -> Any:
    """A provider's awards: those where its own response was approved."""
    return exists().where(
        award_candidates.c.award_id == awards.c.id,
        award_candidates.c.provider_id == actor.provider_id,
        award_candidates.c.approved_at.is_not(None),
    )


class AwardRepository(Repository[Award]):
    entity = Award
    table = awards
    noun = "award"

    def missing(self, id: UUID) -> NotFound:
        return e.AwardNotFound.of(id)

    async def get_visible(self, id: UUID, actor: Actor, *, lock: bool = False) -> Award:
        award = await self.get(id, lock=lock)
        award.require_visible_to(actor)
        return award

    async def of_call_off(self, call_off_id: UUID) -> Award | None:
        query = select(Award).where(awards.c.call_off_id == call_off_id)
        return (await self.session.execute(query)).scalars().first()

    async def page(
        self, actor: Actor, request: PageRequest, *, status: AwardStatus | None = None,
        dps_id: UUID | None = None, call_off_id: UUID | None = None,
    ) -> Page[Award]:
        query = select(Award)
        for column, value in ((awards.c.status, status), (awards.c.dps_id, dps_id),
                              (awards.c.call_off_id, call_off_id)):
            if value is not None:
                query = query.where(column == value)
        if actor.is_provider:
            query = query.where(_seen_by(actor))
        return await keyset_page(self.session, query, request,
                                 [awards.c.created_at, awards.c.id])

    async def with_provider(self, provider_id: UUID, lot_id: UUID) -> list[UUID]:
        """Open awards of the lot where the provider is a candidate (R9 passes it over)."""
        query = (
            select(awards.c.id).where(
                awards.c.lot_id == lot_id,
                awards.c.status.in_([s.value for s in OPEN]),
                exists().where(award_candidates.c.award_id == awards.c.id,
                               award_candidates.c.provider_id == provider_id),
            )
        )
        return list((await self.session.execute(query)).scalars())

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        """Awards whose standstill ended or whose offer expired (the ticker's work)."""
        query = (
            select(awards.c.id)
            .where(
                awards.c.status.in_([AwardStatus.APPROVED.value, AwardStatus.OFFERED.value]),
                awards.c.due_at.is_not(None), awards.c.due_at < now,
            )
            .order_by(awards.c.due_at).limit(limit)
        )
        return list((await self.session.execute(query)).scalars())
