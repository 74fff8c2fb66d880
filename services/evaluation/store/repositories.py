"""Load and add evaluations; keep the responses a call-off opened until its close arrives.

``get(..., lock=True)`` takes the evaluation's row lock on PostgreSQL (SQLite serialises
writers anyway), so two panel members' changes queue rather than overwrite each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, delete, exists, or_, select
from sqlalchemy.orm import raiseload
from sqlalchemy.orm.attributes import flag_modified

from services.evaluation.domain.errors import EvaluationNotFound
from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.evaluation_core import EvaluationStatus
from services.evaluation.store import tables as t
from shared.db import upsert_row
from shared.events.calloff import ResponseOpened
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

#: What a list of evaluations does not need of each one.
_NOT_LISTED = ("evaluators", "conflicts", "scores", "consensus", "decisions")


class EvaluationRepository(Repository[Evaluation]):
    entity = Evaluation
    table = t.evaluations
    not_found = EvaluationNotFound
    noun = "evaluation"

    def touch(self, evaluation: Evaluation) -> None:
        """Move the evaluation's version at commit even if the change kept ``changed_at``
        (one instant), so two changes decided on the same view of it cannot both commit."""
        flag_modified(evaluation, "changed_at")

    async def exists_for_call_off(self, call_off_id: UUID) -> bool:
        """Whether the call-off has its evaluation (one query; nothing loaded)."""
        query = select(t.evaluations.c.id).where(t.evaluations.c.call_off_id == call_off_id)
        return (await self.session.execute(query)).first() is not None

    async def page(
        self, request: PageRequest, *, call_off_id: UUID | None = None,
        status: EvaluationStatus | None = None, panel_member: str | None = None,
    ) -> Page[Evaluation]:
        """Evaluations in the order they opened; ``panel_member``: only those the person
        evaluates or moderates. Each comes with its responses only (its other parts are not
        loaded, and reading them raises)."""
        e = t.evaluations
        query: Select[Any] = select(Evaluation).options(
            *(raiseload(getattr(Evaluation, name)) for name in _NOT_LISTED)
        )
        if call_off_id is not None:
            query = query.where(e.c.call_off_id == call_off_id)
        if status is not None:
            query = query.where(e.c.status == status)
        if panel_member is not None:
            a = t.evaluator_assignments
            query = query.where(or_(
                e.c.moderator_id == panel_member,
                exists().where(a.c.evaluation_id == e.c.id, a.c.evaluator_id == panel_member),
            ))
        return await keyset_page(self.session, query, request, [e.c.created_at, e.c.id])

    async def with_summaries_for(
        self, provider_id: UUID, request: PageRequest, *, call_off_id: UUID | None = None
    ) -> Page[Evaluation]:
        """Evaluations whose assessment summaries were sent, in which ``provider_id``
        responded, in the order they opened."""
        e, r = t.evaluations, t.evaluation_responses
        query = select(Evaluation).where(
            e.c.summaries_sent_at.is_not(None),
            exists().where(r.c.evaluation_id == e.c.id, r.c.provider_id == provider_id),
        )
        if call_off_id is not None:
            query = query.where(e.c.call_off_id == call_off_id)
        return await keyset_page(self.session, query, request, [e.c.created_at, e.c.id])


class OpenedResponses:
    """Responses opened at a call-off's close, waiting for the close itself."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def keep(self, content: ResponseOpened, at: datetime) -> None:
        """Keep the content (again, if delivered twice: the same row is rewritten)."""
        row = {"response_id": content.response_id, "call_off_id": content.call_off_id,
               "content": content.model_dump_json(), "received_at": at}
        await upsert_row(self.session, t.opened_responses, row, "response_id")

    async def of_call_off(self, call_off_id: UUID) -> dict[UUID, ResponseOpened]:
        o = t.opened_responses
        rows = await self.session.execute(
            select(o.c.response_id, o.c.content).where(o.c.call_off_id == call_off_id)
        )
        return {row.response_id: ResponseOpened.model_validate_json(row.content)
                for row in rows}

    async def release(self, call_off_id: UUID) -> None:
        """The evaluation holds them now."""
        o = t.opened_responses
        await self.session.execute(delete(o).where(o.c.call_off_id == call_off_id))
