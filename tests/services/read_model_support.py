"""Apply registry events to a consuming service's read models as its consumer would, without
a broker: each event through the handler its ``subscribers.py`` wires, in its own unit of
work, committed."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from fastapi import FastAPI

from shared.events.base import Event
from shared.events.registry import DpsOpened, LotSummary

T0 = datetime(2027, 1, 4, 9, tzinfo=UTC)


class _Wiring:
    """Stands in for the runtime: records which handler each event class goes to."""

    def __init__(self) -> None:
        self.handlers: dict[type[Event], Callable[..., Any]] = {}

    def consumer(self, producer: str) -> _Wiring:
        # Event classes are unique across producers, so one map serves every consumer.
        return self

    def on(self, event_class: type[Event]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(handler: Callable[..., Any]) -> Callable[..., Any]:
            self.handlers[event_class] = handler
            return handler

        return register


def wiring(service: str) -> dict[type[Event], Callable[..., Any]]:
    recorder = _Wiring()
    importlib.import_module(f"services.{service}.subscribers").subscribe(recorder)
    return recorder.handlers


async def apply(app: FastAPI, service: str, *events: Event) -> None:
    handlers = wiring(service)
    for event in events:
        async with app.state.runtime.uow() as uow:
            await handlers[type(event)](event, uow)
            await uow.commit()


def lot(code: str, **flags: Any) -> LotSummary:
    return LotSummary(lot_id=uuid4(), code=code, title=f"Lot {code}", **flags)


def dps_opened(*lots: LotSummary, dps_id: UUID | None = None) -> DpsOpened:
    return DpsOpened(
        occurred_at=T0,
        dps_id=dps_id or uuid4(),
        name="Staffordshire Day Opportunities",
        regime="pcr2015_light_touch",
        service_category="day_opportunities",
        buyer_organisations=["Staffordshire County Council"],
        starts_on=date(2027, 1, 1),
        initial_term_ends_on=date(2029, 12, 31),
        latest_end_on=date(2031, 12, 31),
        lots=list(lots),
        current_end_on=date(2029, 12, 31),
    )


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)
