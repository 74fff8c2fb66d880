"""The evaluation service's store: which regime each DPS runs under, outbox and inbox.

Evaluation rules (criteria refined, not added; price methods) follow the DPS's regime, so
this service keeps its own record of it, built from the registry's events.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Column, String, Table, Uuid, select

from shared.db import new_metadata, upsert
from shared.messaging.tables import messaging_tables
from shared.uow import UnitOfWork

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)

regimes = Table(
    "dps_regimes",
    metadata,
    Column("dps_id", Uuid, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("regime", String(40), nullable=False),
)


class RegimeRepository:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def save(self, dps_id: UUID, name: str, regime: str) -> None:
        row = {"dps_id": dps_id, "name": name, "regime": regime}
        await self._uow.session.execute(upsert(self._uow.session, regimes, row, "dps_id"))

    async def get(self, dps_id: UUID) -> dict[str, Any] | None:
        found = await self._uow.session.execute(select(regimes).where(regimes.c.dps_id == dps_id))
        row = found.first()
        return row._asdict() if row else None


class EvaluationUnitOfWork(UnitOfWork):
    regimes: RegimeRepository

    def _start(self) -> None:
        self.regimes = RegimeRepository(self)
