"""Contracts: read (the council, finance, auditors; a provider its own); extend, vary,
terminate and record KPIs (commissioner)."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from services.contracts.api.actors import Commissioner, ContractReader
from services.contracts.api.models.contracts import (
    ContractRead,
    ExtensionBody,
    KpiCreate,
    KpiRead,
    TerminateBody,
    VariationBody,
)
from services.contracts.domain.contracts.contract import ContractStatus
from services.contracts.handlers import contracts as handlers
from services.contracts.store import ContractsUnitOfWork
from shared.events.calloff import PriceLine, VolumeLine
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses

router = APIRouter(tags=["contracts"], responses=problem_responses(400, 401, 403))
CHANGE = problem_responses(404, 409, 422)


@router.get("/contracts", response_model=PageRead[ContractRead],
            responses=problem_responses(422))
async def list_contracts(
    actor: ContractReader, uow: Uow[ContractsUnitOfWork], page: PageParams,
    dps_id: UUID | None = None, lot_id: UUID | None = None, provider_id: UUID | None = None,
    status: ContractStatus | None = None, call_off_id: UUID | None = None,
) -> Any:
    """Contracts in the order they were awarded (a provider: its own)."""
    found = await handlers.list_contracts(uow, actor, page, dps_id=dps_id, lot_id=lot_id,
                                          provider_id=provider_id, status=status,
                                          call_off_id=call_off_id)
    return PageRead[ContractRead](items=[ContractRead.of(c) for c in found.items],
                                  next_cursor=found.next_cursor)


@router.get("/contracts/{contract_id}", response_model=ContractRead,
            responses=problem_responses(404, 422))
async def get_contract(
    contract_id: UUID, actor: ContractReader, uow: Uow[ContractsUnitOfWork]
) -> Any:
    """One contract, with its extensions and the full history of its variations."""
    return ContractRead.of(await handlers.get_contract(contract_id, uow, actor))


@router.post("/contracts/{contract_id}/extensions", response_model=ContractRead,
             responses=CHANGE)
async def extend(
    contract_id: UUID, body: ExtensionBody, actor: Commissioner,
    uow: Uow[ContractsUnitOfWork], clock: ClockDep,
) -> Any:
    """Take the next extension option, or several together (``ContractExtended`` each);
    never beyond the options."""
    return ContractRead.of(
        await handlers.extend(contract_id, body.options, body.reason, uow, clock, actor)
    )


@router.post("/contracts/{contract_id}/variations", response_model=ContractRead,
             responses=CHANGE)
async def vary(
    contract_id: UUID, body: VariationBody, actor: Commissioner,
    uow: Uow[ContractsUnitOfWork], clock: ClockDep,
) -> Any:
    """Vary hours or rates from an effective date, with the reason (``ContractVaried``)."""
    rates = [PriceLine(**r.model_dump()) for r in body.rates] if body.rates is not None else None
    volumes = (
        [VolumeLine(**v.model_dump()) for v in body.volumes] if body.volumes is not None
        else None
    )
    return ContractRead.of(await handlers.vary(handlers.Vary(
        contract_id=contract_id, effective_on=body.effective_on, reason=body.reason,
        rates=rates, volumes=volumes,
    ), uow, clock, actor))


@router.post("/contracts/{contract_id}/terminate", response_model=ContractRead,
             responses=CHANGE)
async def terminate(
    contract_id: UUID, body: TerminateBody, actor: Commissioner,
    uow: Uow[ContractsUnitOfWork], clock: ClockDep,
) -> Any:
    """End the contract early from a date, with the reason (``ContractTerminated``)."""
    return ContractRead.of(await handlers.terminate(
        contract_id, body.effective_on, body.reason, uow, clock, actor
    ))


@router.get("/contracts/{contract_id}/kpis", response_model=PageRead[KpiRead],
            responses=problem_responses(404, 422))
async def list_kpis(
    contract_id: UUID, actor: ContractReader, uow: Uow[ContractsUnitOfWork], page: PageParams
) -> Any:
    found = await handlers.list_kpis(contract_id, uow, actor, page)
    return PageRead[KpiRead](items=[KpiRead.model_validate(k) for k in found.items],
                             next_cursor=found.next_cursor)


@router.post("/contracts/{contract_id}/kpis", status_code=201, response_model=KpiRead,
             responses=CHANGE)
async def record_kpi(
    contract_id: UUID, body: KpiCreate, actor: Commissioner, uow: Uow[ContractsUnitOfWork],
    clock: ClockDep,
) -> Any:
    """Record a KPI result for a period, rated Good / Approaching target / Requires
    improvement / Inadequate."""
    return KpiRead.model_validate(await handlers.record_kpi(
        handlers.RecordKpi(contract_id=contract_id, **body.model_dump()), uow, clock, actor
    ))
