"""The panel's routes: scale, evaluators, moderator (commissioner); conflicts, responses,
scores, moderation (panel members); clarification of flagged responses (commissioner)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from services.evaluation.api.actors import Commissioner, Evaluator, PanelMember, Reader
from services.evaluation.api.models.evaluations import EvaluationRead, ResponseRead
from services.evaluation.api.models.panel import (
    ClarificationBody,
    ConflictsBody,
    ConsensusRecordedRead,
    EvaluatorBody,
    ModerationBody,
    ModeratorBody,
    RecordedConsensusRead,
    RecordedScoreRead,
    ScaleBody,
    ScoreItemRead,
    ScoresBody,
    ScoresRecordedRead,
)
from services.evaluation.domain import limits as n
from services.evaluation.domain.views import evaluation_for
from services.evaluation.handlers import panel as handlers
from services.evaluation.handlers import queries
from services.evaluation.store import EvaluationUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["panel"], responses=problem_responses(400, 401, 403, 404, 422))
CHANGE = problem_responses(409)
EVALUATION = "/evaluations/{evaluation_id}"
U = Uow[EvaluationUnitOfWork]
EvaluatorId = Annotated[str, Path(max_length=n.ACTOR_ID, pattern=r"^[^\x00]*$")]


@router.put(f"{EVALUATION}/scale", response_model=EvaluationRead, responses=CHANGE)
async def set_scale(evaluation_id: UUID, body: ScaleBody, actor: Commissioner, uow: U,
                    clock: ClockDep) -> EvaluationRead:
    """Declare the scale evaluators score on: every whole point from 0 to the maximum (1 to
    10), each with its descriptor. The default is 0-5. Fixed once anyone has scored (409
    ``scale_fixed``)."""
    evaluation = await handlers.set_scale(evaluation_id, body.scale(), uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.post(f"{EVALUATION}/evaluators", response_model=EvaluationRead, responses=CHANGE)
async def assign_evaluator(evaluation_id: UUID, body: EvaluatorBody, actor: Commissioner,
                           uow: U, clock: ClockDep) -> EvaluationRead:
    """Assign an evaluator (by user id) to criteria, or change its criteria. Criteria on which
    it has scored stay (409 ``evaluator_has_scored``); the moderator is not an evaluator (422
    ``moderator_is_evaluator``)."""
    evaluation = await handlers.assign_evaluator(evaluation_id, body.evaluator_id,
                                                 body.criteria, uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.delete(f"{EVALUATION}/evaluators/{{evaluator_id}}", response_model=EvaluationRead,
               responses=CHANGE)
async def remove_evaluator(evaluation_id: UUID, evaluator_id: EvaluatorId, actor: Commissioner,
                           uow: U, clock: ClockDep) -> EvaluationRead:
    """Take an evaluator off the panel, before it has scored (409 ``evaluator_has_scored``)."""
    evaluation = await handlers.remove_evaluator(evaluation_id, evaluator_id, uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.put(f"{EVALUATION}/moderator", response_model=EvaluationRead, responses=CHANGE)
async def appoint_moderator(evaluation_id: UUID, body: ModeratorBody, actor: Commissioner,
                            uow: U, clock: ClockDep) -> EvaluationRead:
    """Appoint (or replace) the moderator, by user id: not one of the evaluators."""
    evaluation = await handlers.appoint_moderator(evaluation_id, body.moderator_id, uow, clock,
                                                  actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.post(f"{EVALUATION}/conflicts", response_model=EvaluationRead, responses=CHANGE)
async def declare_conflicts(evaluation_id: UUID, body: ConflictsBody, actor: PanelMember,
                            uow: U, clock: ClockDep) -> EvaluationRead:
    """A panel member (evaluator or moderator) declares, per responding provider, whether it
    has a conflict of interest (``conflict``, with a ``note`` saying what). Needed for every
    responding provider before reading or scoring any response. A conflict keeps the member
    away from that provider's response, and stands once declared."""
    evaluation = await handlers.declare_conflicts(evaluation_id, body.declared(), uow, clock,
                                                  actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))


@router.get(f"{EVALUATION}/responses", response_model=PageRead[ResponseRead],
            responses=CHANGE)
async def list_responses(evaluation_id: UUID, actor: Reader, uow: U, page: PageParams,
                         response_id: UUID | None = None) -> PageRead[ResponseRead]:
    """The responses' content. The commissioner: every response, with prices and compliance.
    A panel member, once it has declared conflicts (409 ``conflicts_not_declared`` before):
    the compliant responses of providers it is not conflicted with, without prices. An
    auditor: everything, once completed."""
    found = await queries.list_responses(evaluation_id, uow, actor, page, response_id)
    return PageRead(items=[ResponseRead.of(v) for v in found.items],
                    next_cursor=found.next_cursor)


@router.post(f"{EVALUATION}/scores", response_model=ScoresRecordedRead, responses=CHANGE)
async def score(evaluation_id: UUID, body: ScoresBody, actor: Evaluator, uow: U,
                clock: ClockDep) -> ScoresRecordedRead:
    """An assigned evaluator records its scores: per response and criterion it is assigned,
    a whole point of the scale and a rationale. Revisable until the moderator settles the
    item. All or nothing."""
    recorded = await handlers.score(evaluation_id, body.markings(), uow, clock, actor)
    return ScoresRecordedRead(scores=[RecordedScoreRead.model_validate(s) for s in recorded])


@router.get(f"{EVALUATION}/scores", response_model=PageRead[ScoreItemRead], responses=CHANGE)
async def list_scores(evaluation_id: UUID, actor: Reader, uow: U, page: PageParams,
                      response_id: UUID | None = None) -> PageRead[ScoreItemRead]:
    """Scores, as far as the caller may see them: an evaluator its own only; the moderator
    every score of an item once all its evaluators have scored; the commissioner items once
    settled (agreed or moderated); an auditor everything, once completed."""
    found = await queries.list_scores(evaluation_id, uow, actor, page, response_id)
    return PageRead(items=[ScoreItemRead.of(v) for v in found.items],
                    next_cursor=found.next_cursor)


@router.post(f"{EVALUATION}/moderation", response_model=ConsensusRecordedRead,
             responses=CHANGE)
async def moderate(evaluation_id: UUID, body: ModerationBody, actor: PanelMember, uow: U,
                   clock: ClockDep) -> ConsensusRecordedRead:
    """The moderator records the consensus score, with its rationale, on items every expected
    evaluator has scored (409 ``scores_outstanding`` before). Needed where they differ."""
    recorded = await handlers.moderate(evaluation_id, body.markings(), uow, clock, actor)
    return ConsensusRecordedRead(
        consensus=[RecordedConsensusRead.model_validate(c) for c in recorded])


@router.post(f"{EVALUATION}/responses/{{response_id}}/clarification",
             response_model=EvaluationRead, responses=CHANGE)
async def clarify(evaluation_id: UUID, response_id: UUID, body: ClarificationBody,
                  actor: Commissioner, uow: U, clock: ClockDep) -> EvaluationRead:
    """Settle a flagged response (abnormally low, above the reference, capacity, start)
    once its provider has explained: accepted, it is ranked; rejected, it becomes
    non-compliant. Every flag is settled before completion."""
    evaluation = await handlers.clarify(evaluation_id, response_id, body.accepted, body.note,
                                        uow, clock, actor)
    return EvaluationRead.of_view(evaluation_for(evaluation, actor))
