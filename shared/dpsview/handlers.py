"""The registry's DPS events, applied to a service's known-DPS copy (``uow.dps``).

Each handler loads the DPS, lets ``KnownDps`` apply the change, and saves it; the consumer
commits it with the event's id in the inbox, so a redelivered event changes nothing.
"""

from __future__ import annotations

from typing import Any, Protocol

from shared.dpsview.model import KnownDps
from shared.dpsview.repository import DpsViewRepository
from shared.events.registry import (
    DpsChanged,
    DpsClosed,
    DpsOpened,
    LotClosed,
    LotOpened,
    RateCardAdded,
    ReopeningWindowClosed,
    ReopeningWindowOpened,
)


class FollowsDps(Protocol):
    dps: DpsViewRepository


async def dps_opened(event: DpsOpened, uow: FollowsDps) -> None:
    await uow.dps.save(KnownDps.opened(event))


async def dps_changed(event: DpsChanged, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.changed(event.name, event.current_end_on, event.lots)
    await uow.dps.save(dps)


async def dps_closed(event: DpsClosed, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.ended(event.outcome, event.occurred_at, event.reason)
    await uow.dps.save(dps)


async def lot_opened(event: LotOpened, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.lot_opened(event.lot)
    await uow.dps.save(dps)


async def lot_closed(event: LotClosed, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.lot_closed(event.lot_id)
    await uow.dps.save(dps)


async def rate_card_added(event: RateCardAdded, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.rate_card_added(event)
    await uow.dps.save(dps)


async def window_opened(event: ReopeningWindowOpened, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.window_opened(event.window_id, event.lot_ids, event.opens_at, event.closes_at)
    await uow.dps.save(dps)


async def window_closed(event: ReopeningWindowClosed, uow: FollowsDps) -> None:
    dps = await uow.dps.get(event.dps_id)
    dps.window_closed(event.window_id)
    await uow.dps.save(dps)


HANDLERS: dict[type[Any], Any] = {
    DpsOpened: dps_opened,
    DpsChanged: dps_changed,
    DpsClosed: dps_closed,
    LotOpened: lot_opened,
    LotClosed: lot_closed,
    RateCardAdded: rate_card_added,
    ReopeningWindowOpened: window_opened,
    ReopeningWindowClosed: window_closed,
}


def follow_dps(registry_consumer: Any) -> None:
    """Subscribe the known-DPS handlers on a consumer of the registry's events."""
    for event_class, handler in HANDLERS.items():
        registry_consumer.on(event_class)(handler)
