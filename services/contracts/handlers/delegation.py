"""Schemes of delegation: set up per buyer, replaced by a new revision, read."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from services.contracts.domain import errors as e
from services.contracts.domain.delegation import (
    DelegationLevel,
    SchemeOfDelegation,
    scheme_id_for,
)
from services.contracts.store import ContractsUnitOfWork
from shared.actors import Actor
from shared.clock import Clock
from shared.paging import Page, PageRequest


async def set_up(
    buyer: str, levels: Sequence[DelegationLevel], uow: ContractsUnitOfWork, clock: Clock,
    actor: Actor,
) -> SchemeOfDelegation:
    async with uow:
        scheme = SchemeOfDelegation.set_up(buyer, levels, clock.now(), actor)
        if await uow.schemes.find(scheme_id_for(buyer)) is not None:
            raise e.SchemeExists(
                f"{scheme.buyer} already has a scheme of delegation: replace it"
                f" (PUT /delegation-schemes/{scheme.id}).",
                scheme_id=str(scheme.id),
            )
        uow.schemes.add(scheme)
        await uow.commit()
    return scheme


async def replace(
    scheme_id: UUID, levels: Sequence[DelegationLevel], uow: ContractsUnitOfWork,
    clock: Clock, actor: Actor,
) -> SchemeOfDelegation:
    async with uow:
        scheme = await uow.schemes.get(scheme_id, lock=True)
        scheme.replace(levels, clock.now(), actor)
        await uow.commit()
    return scheme


async def get_scheme(scheme_id: UUID, uow: ContractsUnitOfWork) -> SchemeOfDelegation:
    async with uow:
        return await uow.schemes.get(scheme_id)


async def list_schemes(uow: ContractsUnitOfWork, page: PageRequest) -> Page[SchemeOfDelegation]:
    async with uow:
        return await uow.schemes.page(page)
