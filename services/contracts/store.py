"""The contracts service's store: the DPSs contracts are awarded under, outbox and inbox.

Awards and publication need the buyers, the regime (standstill) and the DPS's term, so this
service keeps them, built from the registry's events.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Column, Date, String, Table, Uuid, select

from shared.db import new_metadata, upsert
from shared.messaging.tables import messaging_tables
from shared.uow import UnitOfWork

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)

award_frameworks = Table(
    "award_frameworks",
    metadata,
    Column("dps_id", Uuid, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("regime", String(40), nullable=False),
    Column("buyer_organisations", JSON, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("initial_term_ends_on", Date, nullable=False),
    Column("latest_end_on", Date, nullable=False),
)


class AwardFrameworkRepository:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def save(self, row: dict[str, Any]) -> None:
        session = self._uow.session
        await session.execute(upsert(session, award_frameworks, row, "dps_id"))

    async def get(self, dps_id: UUID) -> dict[str, Any] | None:
        found = await self._uow.session.execute(
            select(award_frameworks).where(award_frameworks.c.dps_id == dps_id)
        )
        row = found.first()
        return row._asdict() if row else None


class ContractsUnitOfWork(UnitOfWork):
    frameworks: AwardFrameworkRepository

    def _start(self) -> None:
        self.frameworks = AwardFrameworkRepository(self)
