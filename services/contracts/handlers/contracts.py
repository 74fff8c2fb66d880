"""Contract use cases: read, extend, vary, terminate; KPI records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from services.contracts.domain.contracts.contract import Contract, ContractStatus
from services.contracts.domain.contracts.kpis import KpiRecord, Rating
from services.contracts.store import ContractsUnitOfWork
from shared.actors import Actor
from shared.clock import Clock
from shared.events.calloff import PriceLine, VolumeLine
from shared.paging import Page, PageRequest

T = TypeVar("T")


async def _change(
    uow: ContractsUnitOfWork, contract_id: UUID, actor: Actor, change: Callable[[Contract], T]
) -> Contract:
    async with uow:
        contract = await uow.contracts.get_visible(contract_id, actor, lock=True)
        change(contract)
        await uow.commit()
    return contract


async def extend(
    contract_id: UUID, options: int, reason: str, uow: ContractsUnitOfWork, clock: Clock,
    actor: Actor,
) -> Contract:
    """Take the next extension option(s), one at a time or several together."""
    now = clock.now()
    return await _change(uow, contract_id, actor,
                         lambda c: c.extend(options, reason, now, actor))


@dataclass(frozen=True)
class Vary:
    contract_id: UUID
    effective_on: date
    reason: str
    rates: list[PriceLine] | None
    volumes: list[VolumeLine] | None


async def vary(cmd: Vary, uow: ContractsUnitOfWork, clock: Clock, actor: Actor) -> Contract:
    """Vary hours or rates from an effective date (kept in the contract's history)."""
    now = clock.now()
    return await _change(uow, cmd.contract_id, actor, lambda c: c.vary(
        effective_on=cmd.effective_on, reason=cmd.reason, rates=cmd.rates,
        volumes=cmd.volumes, now=now, by=actor,
    ))


async def terminate(
    contract_id: UUID, effective_on: date, reason: str, uow: ContractsUnitOfWork,
    clock: Clock, actor: Actor,
) -> Contract:
    now = clock.now()
    return await _change(uow, contract_id, actor,
                         lambda c: c.terminate(effective_on, reason, now, actor))


async def get_contract(contract_id: UUID, uow: ContractsUnitOfWork, actor: Actor) -> Contract:
    async with uow:
        return await uow.contracts.get_visible(contract_id, actor)


async def list_contracts(
    uow: ContractsUnitOfWork, actor: Actor, page: PageRequest, *, dps_id: UUID | None = None,
    lot_id: UUID | None = None, provider_id: UUID | None = None,
    status: ContractStatus | None = None, call_off_id: UUID | None = None,
) -> Page[Contract]:
    async with uow:
        return await uow.contracts.page(actor, page, dps_id=dps_id, lot_id=lot_id,
                                        provider_id=provider_id, status=status,
                                        call_off_id=call_off_id)


@dataclass(frozen=True)
class RecordKpi:
    contract_id: UUID
    metric: str
    unit: str
    target: Decimal
    actual: Decimal
    period_start: date
    period_end: date
    rating: Rating
    note: str


async def record_kpi(
    cmd: RecordKpi, uow: ContractsUnitOfWork, clock: Clock, actor: Actor
) -> KpiRecord:
    async with uow:
        contract = await uow.contracts.get_visible(cmd.contract_id, actor)
        record = KpiRecord.record(
            contract, metric=cmd.metric, unit=cmd.unit, target=cmd.target, actual=cmd.actual,
            period_start=cmd.period_start, period_end=cmd.period_end, rating=cmd.rating,
            note=cmd.note, now=clock.now(), by=actor,
        )
        uow.kpis.add(record)
        await uow.commit()
    return record


async def list_kpis(
    contract_id: UUID, uow: ContractsUnitOfWork, actor: Actor, page: PageRequest
) -> Page[KpiRecord]:
    async with uow:
        await uow.contracts.get_visible(contract_id, actor)
        return await uow.kpis.page(contract_id, page)
