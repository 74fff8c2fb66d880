"""Dependencies: a fresh unit of work and the service's clock, from the running service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.registry.store import RegistryUnitOfWork
from shared.clock import Clock


def new_uow(request: Request) -> RegistryUnitOfWork:
    uow: RegistryUnitOfWork = request.app.state.runtime.uow()
    return uow


def service_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.runtime.clock
    return clock


Uow = Annotated[RegistryUnitOfWork, Depends(new_uow)]
ClockDep = Annotated[Clock, Depends(service_clock)]
