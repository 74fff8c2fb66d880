"""Completing an evaluation, and the assessment summaries."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.evaluation.api.actors import Commissioner, CouncilReader, ProviderUser, SummaryReader
from services.evaluation.api.models.evaluations import EvaluationRead
from services.evaluation.api.models.summaries import AssessmentSummaryRead
from services.evaluation.domain.ranking import TIE_BREAK
from services.evaluation.domain.report import PRICE_FORMULA
from services.evaluation.domain.views import evaluation_for
from services.evaluation.handlers import completion, queries
from services.evaluation.store import EvaluationUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["results"], responses=problem_responses(400, 401, 403, 404, 422))
EVALUATION = "/evaluations/{evaluation_id}"
U = Uow[EvaluationUnitOfWork]


@router.post(
    f"{EVALUATION}/complete", response_model=EvaluationRead, responses=problem_responses(409),
    description=(
        "Rank the responses and recommend the top-ranked compliant one. Refused (409) while"
        " a score is missing (``scores_missing``), evaluators differ without a consensus"
        " (``moderation_outstanding``) or a flag is unsettled (``clarification_outstanding``)."
        " Publishes one ``ResponseRanked`` per response, then ``EvaluationCompleted`` with"
        " ``completed_by`` = you.\n\nScores: each criterion contributes score / max x weight;"
        " numeric criteria are scored against the best compliant answer (0-100). "
        + PRICE_FORMULA + "\n\nTie-break: " + TIE_BREAK
    ),
)
async def complete(evaluation_id: UUID, actor: Commissioner, uow: U,
                   clock: ClockDep) -> EvaluationRead:
    evaluation = await completion.complete(evaluation_id, uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.post(f"{EVALUATION}/summaries", response_model=EvaluationRead,
             responses=problem_responses(409))
async def send_summaries(evaluation_id: UUID, actor: Commissioner, uow: U,
                         clock: ClockDep) -> EvaluationRead:
    """Send every assessed provider its assessment summary (Procurement Act 2023 s.50):
    after completion, once (``AssessmentSummariesSent``). Needed before a Procurement Act
    award is published."""
    evaluation = await completion.send_summaries(evaluation_id, uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.get(f"{EVALUATION}/summaries", response_model=list[AssessmentSummaryRead],
            responses=problem_responses(409))
async def list_summaries(evaluation_id: UUID, actor: CouncilReader,
                         uow: U) -> list[AssessmentSummaryRead]:
    """Every assessed provider's summary, in rank order (once completed)."""
    return [AssessmentSummaryRead.model_validate(s)
            for s in await queries.get_summaries(evaluation_id, uow, actor)]


@router.get(f"{EVALUATION}/summaries/{{provider_id}}", response_model=AssessmentSummaryRead,
            responses=problem_responses(409))
async def get_summary(evaluation_id: UUID, provider_id: UUID, actor: SummaryReader,
                      uow: U) -> AssessmentSummaryRead:
    """One provider's summary: its scores, the winning response's, the reasons. A provider
    reads its own once sent; anything else is 404 ``summary_not_found``."""
    return AssessmentSummaryRead.model_validate(
        await queries.get_summary(evaluation_id, provider_id, uow, actor))


@router.get("/summaries", response_model=PageRead[AssessmentSummaryRead])
async def own_summaries(actor: ProviderUser, uow: U, page: PageParams,
                        call_off_id: UUID | None = None) -> PageRead[AssessmentSummaryRead]:
    """A provider's own assessment summaries, once sent (``?call_off_id=`` for one)."""
    found = await queries.own_summaries(uow, actor, page, call_off_id)
    return PageRead(items=[AssessmentSummaryRead.model_validate(s) for s in found.items],
                    next_cursor=found.next_cursor)
