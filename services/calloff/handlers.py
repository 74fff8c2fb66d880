"""Use cases of the call-off service."""

from __future__ import annotations

from services.calloff.store import CalloffUnitOfWork
from shared.events.registry import DpsOpened


async def record_dps_opened(event: DpsOpened, uow: CalloffUnitOfWork) -> None:
    """Remember an opened DPS and its lots, so call-offs can be run under them."""
    await uow.frameworks.save(
        {
            "dps_id": event.dps_id,
            "name": event.name,
            "regime": event.regime,
            "status": "open",
            "starts_on": event.starts_on,
            "latest_end_on": event.latest_end_on,
        },
        [
            {
                "lot_id": lot.lot_id,
                "dps_id": event.dps_id,
                "code": lot.code,
                "title": lot.title,
                "admission_open": lot.admission_open,
            }
            for lot in event.lots
        ],
    )
