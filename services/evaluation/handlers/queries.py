"""Reads. Who sees what is the domain's (``domain.views``, ``report``, ``summaries``); these
load, ask it, and page long lists."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import TypeVar
from uuid import UUID

from services.evaluation.domain import Evaluation
from services.evaluation.domain.evaluation_core import EvaluationStatus
from services.evaluation.domain.report import EvaluationReport, report_of
from services.evaluation.domain.summaries import (
    AssessmentSummary,
    all_summaries,
    summary_for,
    summary_missing,
)
from services.evaluation.domain.views import (
    EvaluationView,
    ItemView,
    ResponseView,
    evaluation_for,
    items_for,
    responses_for,
)
from services.evaluation.store import EvaluationUnitOfWork
from shared.actors import Actor, Role
from shared.paging import InvalidCursor, Page, PageRequest

T = TypeVar("T")


async def _load(evaluation_id: UUID, uow: EvaluationUnitOfWork, actor: Actor) -> Evaluation:
    async with uow:
        evaluation = await uow.evaluations.get(evaluation_id)
    evaluation.require_readable_by(actor)
    return evaluation


async def get_evaluation(evaluation_id: UUID, uow: EvaluationUnitOfWork,
                         actor: Actor) -> EvaluationView:
    return evaluation_for(await _load(evaluation_id, uow, actor), actor)


async def list_evaluations(
    uow: EvaluationUnitOfWork, actor: Actor, page: PageRequest, *,
    call_off_id: UUID | None = None, status: EvaluationStatus | None = None,
) -> Page[Evaluation]:
    """The council lists every evaluation; an evaluator those it sits on."""
    panel_member = None if actor.role in (Role.COMMISSIONER, Role.AUDITOR) else actor.id
    async with uow:
        return await uow.evaluations.page(page, call_off_id=call_off_id, status=status,
                                          panel_member=panel_member)


async def list_responses(
    evaluation_id: UUID, uow: EvaluationUnitOfWork, actor: Actor, page: PageRequest,
    response_id: UUID | None = None,
) -> Page[ResponseView]:
    views = responses_for(await _load(evaluation_id, uow, actor), actor)
    if response_id is not None:
        views = [v for v in views if v.response.id == response_id]
    return in_pages(views, page)


async def list_scores(
    evaluation_id: UUID, uow: EvaluationUnitOfWork, actor: Actor, page: PageRequest,
    response_id: UUID | None = None,
) -> Page[ItemView]:
    views = items_for(await _load(evaluation_id, uow, actor), actor)
    if response_id is not None:
        views = [v for v in views if v.item.response_id == response_id]
    return in_pages(views, page)


async def get_report(evaluation_id: UUID, uow: EvaluationUnitOfWork,
                     actor: Actor) -> EvaluationReport:
    return report_of(await _load(evaluation_id, uow, actor), actor)


async def get_summaries(evaluation_id: UUID, uow: EvaluationUnitOfWork,
                        actor: Actor) -> list[AssessmentSummary]:
    return all_summaries(await _load(evaluation_id, uow, actor))


async def get_summary(evaluation_id: UUID, provider_id: UUID, uow: EvaluationUnitOfWork,
                      actor: Actor) -> AssessmentSummary:
    """One provider's summary; to a provider, another's (or one not yet sent, or of an
    evaluation that does not exist) is missing, all alike."""
    async with uow:
        evaluation = await uow.evaluations.find(evaluation_id)
    if evaluation is None:
        raise summary_missing(evaluation_id, provider_id) if actor.is_provider \
            else uow.evaluations.missing(evaluation_id)
    return summary_for(evaluation, provider_id, actor)


async def own_summaries(
    uow: EvaluationUnitOfWork, actor: Actor, page: PageRequest, call_off_id: UUID | None = None
) -> Page[AssessmentSummary]:
    """A provider's own assessment summaries, of every evaluation that sent them."""
    assert actor.provider_id is not None
    async with uow:
        found = await uow.evaluations.with_summaries_for(actor.provider_id, page,
                                                         call_off_id=call_off_id)
    return Page([summary_for(e, actor.provider_id, actor) for e in found.items],
                found.next_cursor)


def in_pages(items: Sequence[T], page: PageRequest) -> Page[T]:
    """One page of a list already in memory; the cursor is the position to go on from."""
    start = _position(page.cursor) if page.cursor else 0
    chunk = list(items[start:start + page.limit])
    more = start + page.limit < len(items)
    return Page(chunk, _cursor(start + page.limit) if more else None)


def _cursor(position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"from": position}).encode()).decode().rstrip("=")


def _position(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())["from"]
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidCursor("The cursor is not one this list gave out: start again without it.",
                            field="cursor")
    return value

