"""Evaluations: find one (by call-off), read it, read its report once completed."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.evaluation.api.actors import CouncilReader, Reader
from services.evaluation.api.models.evaluations import EvaluationListItem, EvaluationRead
from services.evaluation.api.models.report import EvaluationReportRead
from services.evaluation.domain.evaluation_core import EvaluationStatus
from services.evaluation.domain.report import PRICE_FORMULA
from services.evaluation.handlers import queries
from services.evaluation.store import EvaluationUnitOfWork
from shared.http.deps import Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["evaluations"], responses=problem_responses(400, 401, 403))
EVALUATION = "/evaluations/{evaluation_id}"


@router.get("/evaluations", response_model=PageRead[EvaluationListItem],
            responses=problem_responses(422))
async def list_evaluations(
    actor: Reader, uow: Uow[EvaluationUnitOfWork], page: PageParams,
    call_off_id: UUID | None = None, status: EvaluationStatus | None = None,
) -> PageRead[EvaluationListItem]:
    """Evaluations in the order their call-offs closed (the council: all; an evaluator: those
    it evaluates or moderates). ``?call_off_id=`` finds a call-off's evaluation."""
    found = await queries.list_evaluations(uow, actor, page, call_off_id=call_off_id,
                                           status=status)
    return PageRead(items=[EvaluationListItem.of(e) for e in found.items],
                    next_cursor=found.next_cursor)


@router.get(EVALUATION, response_model=EvaluationRead, responses=problem_responses(404, 422))
async def get_evaluation(
    evaluation_id: UUID, actor: Reader, uow: Uow[EvaluationUnitOfWork]
) -> EvaluationRead:
    """The evaluation: criteria and how each is scored, the scale, the responses (compliance
    and costs to the council only), the panel, progress and, once completed, the result.
    To an evaluator that does not sit on it, it does not exist (404)."""
    return EvaluationRead.of_view(await queries.get_evaluation(evaluation_id, uow, actor))


@router.get(f"{EVALUATION}/report", response_model=EvaluationReportRead,
            responses=problem_responses(404, 409, 422),
            description="The record of a completed evaluation: per response and criterion"
            " every evaluator's score and rationale, the consensus, the weighted result;"
            " compliance, costs, rank; every decision with who, when and why. 409"
            " ``evaluation_not_completed`` before completion.\n\n" + PRICE_FORMULA)
async def get_report(
    evaluation_id: UUID, actor: CouncilReader, uow: Uow[EvaluationUnitOfWork]
) -> EvaluationReportRead:
    return EvaluationReportRead.of(await queries.get_report(evaluation_id, uow, actor), actor)
