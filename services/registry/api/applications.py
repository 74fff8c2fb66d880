"""Applications to lots, and the council's decisions on them, on the legal clock."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from services.registry.api.actors import Commissioner, CouncilReader, ProviderUser, Reader
from services.registry.api.deps import ClockDep, Uow, page_body
from services.registry.api.models.applications import (
    AdmissionRead,
    AdmitBody,
    ApplicationCreate,
    ApplicationRead,
    ExtendBody,
    RejectBody,
    WithdrawBody,
)
from services.registry.domain.applications import Application, ApplicationStatus
from services.registry.handlers import applications as handlers
from services.registry.handlers import queries
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["applications"], responses=problem_responses(400, 401, 403))
DECISION = problem_responses(404, 409, 422)


@router.post(
    "/applications", status_code=201, response_model=ApplicationRead,
    responses=problem_responses(404, 409, 422),
)
async def submit_application(
    body: ApplicationCreate, actor: ProviderUser, uow: Uow, clock: ClockDep, response: Response
) -> Application:
    """Apply to one or more lots of an open DPS (provider, for its own organisation).

    Refused: a lot that is not admitting (closed lot after its window, outside a reopening
    window), a lot you have a live application for or are a member of, a CQC lot without a
    CQC id. The decision is due by ``decision_due_at`` (PCR: 10 working days).
    """
    application = await handlers.submit(
        handlers.SubmitApplication(**body.model_dump()), uow, clock, actor
    )
    response.headers["Location"] = f"/applications/{application.id}"
    return application


@router.get(
    "/applications", response_model=PageRead[ApplicationRead], responses=problem_responses(422)
)
async def list_applications(
    actor: Reader, uow: Uow, page: PageParams, dps_id: UUID | None = None,
    provider_id: UUID | None = None, status: ApplicationStatus | None = None,
) -> dict[str, object]:
    """Applications (council: all; a provider: its own), oldest first."""
    return page_body(await queries.list_applications(
        uow, actor, page, dps_id=dps_id, provider_id=provider_id, status=status
    ))


@router.get(
    "/applications/overdue", response_model=PageRead[ApplicationRead],
    responses=problem_responses(422),
)
async def overdue_applications(
    _: CouncilReader, uow: Uow, clock: ClockDep, page: PageParams, dps_id: UUID | None = None
) -> dict[str, object]:
    """Undecided applications past their decision date, the most overdue first."""
    return page_body(await queries.overdue_applications(uow, clock, page, dps_id=dps_id))


@router.get(
    "/applications/{application_id}", response_model=ApplicationRead,
    responses=problem_responses(404, 422),
)
async def get_application(application_id: UUID, actor: Reader, uow: Uow) -> Application:
    return await queries.get_application(application_id, uow, actor)


@router.post(
    "/applications/{application_id}/review", response_model=ApplicationRead, responses=DECISION
)
async def start_review(
    application_id: UUID, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Application:
    """submitted -> under review."""
    return await handlers.start_review(
        handlers.StartReview(application_id=application_id), uow, clock, actor
    )


@router.post(
    "/applications/{application_id}/extend", response_model=ApplicationRead, responses=DECISION
)
async def extend_decision(
    application_id: UUID, body: ExtendBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Application:
    """Extend the decision date once, before it passes, with a reason (PCR: to 15 days)."""
    return await handlers.extend_decision(
        handlers.ExtendDecision(application_id=application_id, reason=body.reason),
        uow, clock, actor,
    )


@router.post(
    "/applications/{application_id}/admit", response_model=AdmissionRead, responses=DECISION
)
async def admit(
    application_id: UUID, body: AdmitBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> dict[str, object]:
    """Admit a qualifying applicant: one membership per lot, ``ProviderAdmitted`` each."""
    application, memberships = await handlers.admit_applicant(
        handlers.AdmitApplicant(application_id=application_id, **body.model_dump()),
        uow, clock, actor,
    )
    return {"application": application, "memberships": memberships}


@router.post(
    "/applications/{application_id}/reject", response_model=ApplicationRead, responses=DECISION
)
async def reject(
    application_id: UUID, body: RejectBody, actor: Commissioner, uow: Uow, clock: ClockDep
) -> Application:
    """Refuse, with reasons the provider can act on (``ApplicationRejected``)."""
    return await handlers.reject(
        handlers.RejectApplication(application_id=application_id, reasons=body.reasons),
        uow, clock, actor,
    )


@router.post(
    "/applications/{application_id}/withdraw", response_model=ApplicationRead,
    responses=DECISION,
)
async def withdraw(
    application_id: UUID, actor: ProviderUser, uow: Uow, clock: ClockDep,
    body: WithdrawBody | None = None,
) -> Application:
    """The provider withdraws its own application before a decision."""
    return await handlers.withdraw(
        handlers.WithdrawApplication(application_id=application_id, why=body.why if body else ""),
        uow, clock, actor,
    )
