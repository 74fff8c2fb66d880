"""Requirements: raised and completed by practitioners (and commissioners); the person's
identity only on its restricted route, every access logged."""

from uuid import UUID

from fastapi import APIRouter, Response

from services.calloff.api.actors import (
    CouncilReader,
    PersonReader,
    RequirementReader,
    RequirementWriter,
)
from services.calloff.api.deps import Sealer
from services.calloff.api.models.requirements import (
    PersonAccessRead,
    PersonRead,
    RequirementRead,
)
from services.calloff.domain.requirements import RequirementStatus
from services.calloff.handlers import requirements as handlers
from services.calloff.handlers.specs import PersonSpec, RequirementDetails, RequirementSpec
from services.calloff.store import CalloffUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["requirements"], responses=problem_responses(400, 401, 403))


@router.post(
    "/requirements", status_code=201, response_model=RequirementRead,
    responses=problem_responses(409, 422),
)
async def raise_requirement(
    body: RequirementSpec, actor: RequirementWriter, uow: Uow[CalloffUnitOfWork],
    clock: ClockDep, sealer: Sealer, response: Response,
) -> RequirementRead:
    """Raise a requirement under a lot of an open DPS. Everything but the DPS and lot may be
    given later; it is a ``draft`` until every advertised detail and the person's identity
    are in (``missing`` says what is left), then ``ready``."""
    requirement = await handlers.raise_requirement(
        body, actor=actor, uow=uow, clock=clock, sealer=sealer
    )
    response.headers["Location"] = f"/requirements/{requirement.id}"
    return RequirementRead.of(requirement)


@router.get("/requirements", response_model=PageRead[RequirementRead])
async def list_requirements(
    _: RequirementReader, uow: Uow[CalloffUnitOfWork], page: PageParams,
    dps_id: UUID | None = None, status: RequirementStatus | None = None,
) -> PageRead[RequirementRead]:
    """Requirements in the order they were raised."""
    async with uow:
        found = await uow.requirements.page(page, dps_id=dps_id, status=status)
    return PageRead[RequirementRead](
        items=[RequirementRead.of(r) for r in found.items], next_cursor=found.next_cursor
    )


@router.get(
    "/requirements/{requirement_id}", response_model=RequirementRead,
    responses=problem_responses(404),
)
async def get_requirement(
    requirement_id: UUID, _: RequirementReader, uow: Uow[CalloffUnitOfWork]
) -> RequirementRead:
    async with uow:
        return RequirementRead.of(await uow.requirements.get(requirement_id))


@router.patch(
    "/requirements/{requirement_id}", response_model=RequirementRead,
    responses=problem_responses(404, 409, 422),
)
async def amend_requirement(
    requirement_id: UUID, body: RequirementDetails, actor: RequirementWriter,
    uow: Uow[CalloffUnitOfWork], clock: ClockDep, sealer: Sealer,
) -> RequirementRead:
    """Complete or correct advertised details (those given); refused while a call-off is
    out with them."""
    return RequirementRead.of(await handlers.amend_requirement(
        requirement_id, body, actor=actor, uow=uow, clock=clock, sealer=sealer
    ))


@router.put(
    "/requirements/{requirement_id}/person", response_model=RequirementRead,
    responses=problem_responses(404, 409, 422),
)
async def record_person(
    requirement_id: UUID, body: PersonSpec, actor: RequirementWriter,
    uow: Uow[CalloffUnitOfWork], clock: ClockDep, sealer: Sealer,
) -> RequirementRead:
    """Record (or correct) the person's identity: encrypted at rest, never advertised; it
    must agree with the age band and postcode district advertised. The answer does not
    repeat it."""
    return RequirementRead.of(await handlers.record_person(
        requirement_id, body, actor=actor, uow=uow, clock=clock, sealer=sealer
    ))


@router.get(
    "/requirements/{requirement_id}/person", response_model=PersonRead,
    responses=problem_responses(404),
)
async def read_person(
    requirement_id: UUID, actor: PersonReader, uow: Uow[CalloffUnitOfWork], clock: ClockDep,
    sealer: Sealer,
) -> PersonRead:
    """The person's identity: for the council side, and for the provider awarded a contract
    for this requirement (any other provider: 404, as for a requirement that does not
    exist). Every access, granted or not, is logged."""
    person = await handlers.read_person(
        requirement_id, actor=actor, uow=uow, clock=clock, sealer=sealer
    )
    return PersonRead.of(person)


@router.get(
    "/requirements/{requirement_id}/person/accesses",
    response_model=PageRead[PersonAccessRead],
    responses=problem_responses(404),
)
async def list_person_accesses(
    requirement_id: UUID, _: CouncilReader, uow: Uow[CalloffUnitOfWork], page: PageParams
) -> PageRead[PersonAccessRead]:
    """Who read or recorded the person's identity, and when, oldest first."""
    async with uow:
        await uow.requirements.get(requirement_id)
        found = await uow.people.accesses(requirement_id, page)
    return PageRead[PersonAccessRead](
        items=[PersonAccessRead.model_validate(a) for a in found.items],
        next_cursor=found.next_cursor,
    )
