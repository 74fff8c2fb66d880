"""Dependencies every service's routes use: a fresh unit of work and the service's clock.

Each service names its own typed alias once (``Uow = Annotated[CalloffUnitOfWork,
Depends(new_uow)]``) so routes stay one line per parameter.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from shared.clock import Clock


def new_uow(request: Request) -> Any:
    """A unit of work of the running service (not yet entered)."""
    return request.app.state.runtime.uow()


def service_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.runtime.clock
    return clock


ClockDep = Annotated[Clock, Depends(service_clock)]
