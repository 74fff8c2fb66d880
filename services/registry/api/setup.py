"""Inside a DPS: lots, their questionnaire, required documents and rate cards; the award
criteria catalogue; reopening windows. Commissioners only."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from services.registry.api.actors import Commissioner, Reader
from services.registry.api.deps import ClockDep, Uow
from services.registry.api.models.dps import (
    CriterionCreate,
    CriterionRead,
    DpsRead,
    LotCreate,
    LotRead,
    OptionalReasonBody,
    QuestionCreate,
    QuestionRead,
    RateCardCreate,
    RateCardRead,
    ReasonBody,
    RequiredDocumentCreate,
    RequiredDocumentRead,
    WindowCreate,
    WindowRead,
)
from services.registry.domain.dps import Dps
from services.registry.domain.lots import (
    AwardCriterion,
    Lot,
    ReopeningWindow,
    RequiredDocument,
    SelectionQuestion,
)
from services.registry.domain.rates import RateCard
from services.registry.handlers import queries
from services.registry.handlers import setup as handlers
from shared.http.problems import problem_responses

router = APIRouter(
    tags=["DPS set-up"], responses=problem_responses(400, 401, 403, 404, 409, 422)
)
LOT = "/dps/{dps_id}/lots/{lot_id}"


@router.post("/dps/{dps_id}/lots", status_code=201, response_model=LotRead)
async def add_lot(
    dps_id: UUID, body: LotCreate, actor: Commissioner, uow: Uow, clock: ClockDep,
    response: Response,
) -> Lot:
    """Add a lot (with questions, documents, rate cards); on an open DPS, ``LotOpened``."""
    _, lot = await handlers.add_lot(handlers.AddLot(dps_id=dps_id, lot=body), uow, clock, actor)
    response.headers["Location"] = f"/dps/{dps_id}/lots/{lot.id}"
    return lot


@router.get(LOT, response_model=LotRead)
async def get_lot(dps_id: UUID, lot_id: UUID, actor: Reader, uow: Uow) -> Lot:
    return await queries.get_lot(dps_id, lot_id, uow, actor)


@router.post(f"{LOT}/questions", status_code=201, response_model=QuestionRead)
async def add_question(
    dps_id: UUID, lot_id: UUID, body: QuestionCreate, actor: Commissioner, uow: Uow,
    clock: ClockDep,
) -> SelectionQuestion:
    """Add a pass/fail question to the lot's selection questionnaire."""
    _, question = await handlers.add_question(
        handlers.AddQuestion(dps_id=dps_id, lot_id=lot_id, question=body), uow, clock, actor
    )
    return question


@router.post(f"{LOT}/documents", status_code=201, response_model=RequiredDocumentRead)
async def add_required_document(
    dps_id: UUID, lot_id: UUID, body: RequiredDocumentCreate, actor: Commissioner, uow: Uow,
    clock: ClockDep,
) -> RequiredDocument:
    """A document every applicant to the lot must declare (and keep in date)."""
    _, document = await handlers.add_required_document(
        handlers.AddRequiredDocument(dps_id=dps_id, lot_id=lot_id, document=body),
        uow, clock, actor,
    )
    return document


@router.post(f"{LOT}/rate-cards", status_code=201, response_model=RateCardRead)
async def add_rate_card(
    dps_id: UUID, lot_id: UUID, body: RateCardCreate, actor: Commissioner, uow: Uow,
    clock: ClockDep,
) -> RateCard:
    """Reference rates (GBP, as strings) for the lot over a period that overlaps no other."""
    _, card = await handlers.add_rate_card(
        handlers.AddRateCard(dps_id=dps_id, lot_id=lot_id, rate_card=body), uow, clock, actor
    )
    return card


@router.post(f"{LOT}/stop-admissions", response_model=DpsRead)
async def stop_admissions(
    dps_id: UUID, lot_id: UUID, body: ReasonBody, actor: Commissioner, uow: Uow,
    clock: ClockDep,
) -> Dps:
    """The lot stops taking applications (``LotClosed``); its members stay."""
    return await handlers.stop_admissions(
        handlers.ChangeLotAdmissions(dps_id=dps_id, lot_id=lot_id, reason=body.reason),
        uow, clock, actor,
    )


@router.post(f"{LOT}/resume-admissions", response_model=DpsRead)
async def resume_admissions(
    dps_id: UUID, lot_id: UUID, actor: Commissioner, uow: Uow, clock: ClockDep,
    body: OptionalReasonBody | None = None,
) -> Dps:
    """The lot takes applications again (``LotOpened``); never a closed lot after its window."""
    return await handlers.resume_admissions(
        handlers.ChangeLotAdmissions(
            dps_id=dps_id, lot_id=lot_id, reason=body.reason if body else ""
        ),
        uow, clock, actor,
    )


@router.post("/dps/{dps_id}/criteria", status_code=201, response_model=CriterionRead)
async def add_criterion(
    dps_id: UUID, body: CriterionCreate, actor: Commissioner, uow: Uow, clock: ClockDep
) -> AwardCriterion:
    """An award criterion with the weight range (percent) call-offs may give it; before the
    DPS opens (call-offs refine criteria, never add them)."""
    _, criterion = await handlers.add_criterion(
        handlers.AddCriterion(dps_id=dps_id, criterion=body), uow, clock, actor
    )
    return criterion


@router.post("/dps/{dps_id}/windows", status_code=201, response_model=WindowRead)
async def schedule_window(
    dps_id: UUID, body: WindowCreate, actor: Commissioner, uow: Uow, clock: ClockDep
) -> ReopeningWindow:
    """A reopening window (a DPS that admits in windows only); never for a closed lot."""
    _, window = await handlers.schedule_window(
        handlers.ScheduleWindow(dps_id=dps_id, window=body), uow, clock, actor
    )
    return window


@router.post("/dps/{dps_id}/windows/{window_id}/close", response_model=DpsRead)
async def close_window(
    dps_id: UUID, window_id: UUID, body: ReasonBody, actor: Commissioner, uow: Uow,
    clock: ClockDep,
) -> Dps:
    """Close a reopening window early, with a reason."""
    return await handlers.close_window(
        handlers.CloseWindow(dps_id=dps_id, window_id=window_id, reason=body.reason),
        uow, clock, actor,
    )
