"""Dependencies every service's routes use: a fresh unit of work and the service's clock.

``Uow[CalloffUnitOfWork]`` is a route parameter typed as the service's own unit of work
(not yet entered), so a route reads ``uow: Uow[CalloffUnitOfWork]`` and nothing is declared
per service.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from shared.clock import Clock
from shared.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


async def new_uow(request: Request) -> Any:
    """A unit of work of the running service (not yet entered).

    ``async``, so it is made on the event loop: FastAPI runs a plain ``def`` dependency on a
    worker thread, and a service's first units of work set up its ORM mappers, unlocked (the
    evaluation service lazily): concurrent first requests on threads saw a class half
    mapped and got 500s (found by the fault suite, on replicas just restarted).
    """
    return request.app.state.runtime.uow()


async def service_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.runtime.clock
    return clock


Uow = Annotated[U, Depends(new_uow)]
ClockDep = Annotated[Clock, Depends(service_clock)]
