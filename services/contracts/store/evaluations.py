"""What the evaluation service told: each ranked response (kept as it came, until its
evaluation completes) and when assessment summaries were sent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, Column, Table, Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.contracts.store.base import metadata
from shared.db import AwareDateTime, upsert_row
from shared.events.evaluation import ResponseRanked

#: The event as it came (JSON): a copy never refuses what its owner published.
ranked_responses = Table(
    "ranked_responses", metadata,
    Column("response_id", Uuid, primary_key=True),
    Column("evaluation_id", Uuid, nullable=False, index=True),
    Column("event", JSON, nullable=False),
)

assessment_summaries = Table(
    "assessment_summaries", metadata,
    Column("evaluation_id", Uuid, primary_key=True),
    Column("call_off_id", Uuid, nullable=False, index=True),
    Column("sent_at", AwareDateTime, nullable=False),
)


class EvaluationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save_ranked(self, event: ResponseRanked) -> None:
        row = {"response_id": event.response_id, "evaluation_id": event.evaluation_id,
               "event": event.model_dump(mode="json")}
        await upsert_row(self.session, ranked_responses, row, "response_id")

    async def ranked(self, evaluation_id: UUID) -> list[ResponseRanked]:
        rows = (await self.session.execute(
            select(ranked_responses.c.event)
            .where(ranked_responses.c.evaluation_id == evaluation_id)
        )).scalars().all()
        return [ResponseRanked.model_validate(r) for r in rows]

    async def save_summaries(self, evaluation_id: UUID, call_off_id: UUID, at: datetime) -> None:
        row = {"evaluation_id": evaluation_id, "call_off_id": call_off_id, "sent_at": at}
        await upsert_row(self.session, assessment_summaries, row, "evaluation_id")

    async def summaries_sent_at(self, evaluation_id: UUID) -> datetime | None:
        found: datetime | None = (await self.session.execute(
            select(assessment_summaries.c.sent_at)
            .where(assessment_summaries.c.evaluation_id == evaluation_id)
        )).scalar()
        return found
