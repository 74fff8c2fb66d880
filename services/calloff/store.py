"""The call-off service's store: its read model of DPSs and lots, outbox and inbox."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Uuid, delete, select

from shared.db import new_metadata, upsert
from shared.messaging.tables import messaging_tables
from shared.uow import UnitOfWork

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)

#: The DPSs call-offs can be run under, as the registry announced them.
frameworks = Table(
    "frameworks",
    metadata,
    Column("dps_id", Uuid, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("regime", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("latest_end_on", Date, nullable=False),
)

framework_lots = Table(
    "framework_lots",
    metadata,
    Column("lot_id", Uuid, primary_key=True),
    Column("dps_id", Uuid, ForeignKey("frameworks.dps_id", ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("title", String(300), nullable=False),
    Column("admission_open", Boolean, nullable=False),
)


class FrameworkRepository:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def save(self, framework: dict[str, Any], lots: list[dict[str, Any]]) -> None:
        session = self._uow.session
        await session.execute(upsert(session, frameworks, framework, "dps_id"))
        await session.execute(
            delete(framework_lots).where(framework_lots.c.dps_id == framework["dps_id"])
        )
        for lot in lots:
            await session.execute(upsert(session, framework_lots, lot, "lot_id"))

    async def get(self, dps_id: UUID) -> dict[str, Any] | None:
        session = self._uow.session
        row = (
            await session.execute(select(frameworks).where(frameworks.c.dps_id == dps_id))
        ).first()
        if row is None:
            return None
        lots = await session.execute(
            select(framework_lots)
            .where(framework_lots.c.dps_id == dps_id)
            .order_by(framework_lots.c.code)
        )
        return {**row._asdict(), "lots": [lot._asdict() for lot in lots]}

    async def list(self) -> list[dict[str, Any]]:
        rows = await self._uow.session.execute(select(frameworks).order_by(frameworks.c.name))
        return [row._asdict() for row in rows]


class CalloffUnitOfWork(UnitOfWork):
    frameworks: FrameworkRepository

    def _start(self) -> None:
        self.frameworks = FrameworkRepository(self)
