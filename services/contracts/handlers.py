"""Use cases of the contracts service."""

from __future__ import annotations

from services.contracts.store import ContractsUnitOfWork
from shared.events.registry import DpsOpened


async def record_award_framework(event: DpsOpened, uow: ContractsUnitOfWork) -> None:
    """Remember who buys under a newly opened DPS, its regime and its term."""
    await uow.frameworks.save(
        {
            "dps_id": event.dps_id,
            "name": event.name,
            "regime": event.regime,
            "buyer_organisations": list(event.buyer_organisations),
            "starts_on": event.starts_on,
            "initial_term_ends_on": event.initial_term_ends_on,
            "latest_end_on": event.latest_end_on,
        }
    )
