"""Load, save and page the known DPSs of one service's store (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import upsert_row
from shared.dpsview.document import render
from shared.dpsview.model import (
    DpsNotKnown,
    KnownCriterion,
    KnownDps,
    KnownDpsStatus,
    KnownLot,
    KnownRate,
    KnownRateCard,
    OpenWindow,
)
from shared.dpsview.tables import DpsViewTables
from shared.events.registry import PriceCompliance
from shared.paging import Page, PageRequest, keyset_page


class DpsViewRepository:
    def __init__(self, session: AsyncSession, tables: DpsViewTables, service: str) -> None:
        self.session = session
        self.tables = tables
        self.service = service

    async def find(self, dps_id: UUID) -> KnownDps | None:
        table = self.tables.dps
        row = (await self.session.execute(select(table).where(table.c.dps_id == dps_id))).first()
        if row is None:
            return None
        [known] = await self._with_parts([row])
        return known

    async def get(self, dps_id: UUID) -> KnownDps:
        found = await self.find(dps_id)
        if found is None:
            raise DpsNotKnown.of(dps_id, self.service)
        return found

    async def save(self, dps: KnownDps) -> None:
        """Write the DPS as it now is (its lots and windows replaced)."""
        t = self.tables
        row = {
            "dps_id": dps.id,
            "name": dps.name,
            "regime": dps.regime,
            "service_category": dps.service_category,
            "buyer_organisations": list(dps.buyer_organisations),
            "status": dps.status.value,
            "starts_on": dps.starts_on,
            "initial_term_ends_on": dps.initial_term_ends_on,
            "current_end_on": dps.current_end_on,
            "latest_end_on": dps.latest_end_on,
            "opened_at": dps.opened_at,
            "ended_at": dps.ended_at,
            "end_reason": dps.end_reason,
            "criteria": [
                {**vars(c), "min_weight": str(c.min_weight), "max_weight": str(c.max_weight)}
                for c in dps.criteria
            ],
            "price_compliance": dps.price_compliance.model_dump(mode="json"),
            # The answer to GET /dps/{id}, kept rendered: one keyed read serves it.
            "document": render(dps),
        }
        await upsert_row(self.session, t.dps, row, "dps_id")
        await self.session.execute(delete(t.lots).where(t.lots.c.dps_id == dps.id))
        await self.session.execute(delete(t.windows).where(t.windows.c.dps_id == dps.id))
        await self.session.execute(delete(t.rate_cards).where(t.rate_cards.c.dps_id == dps.id))
        if dps.rate_cards:
            await self.session.execute(
                insert(t.rate_cards),
                [
                    {
                        "rate_card_id": card.rate_card_id,
                        "dps_id": dps.id,
                        "lot_id": card.lot_id,
                        "effective_from": card.effective_from,
                        "effective_to": card.effective_to,
                        "rates": [
                            {**vars(r), "min_amount": str(r.min_amount),
                             "max_amount": str(r.max_amount)}
                            for r in card.rates
                        ],
                    }
                    for card in dps.rate_cards
                ],
            )
        if dps.lots:
            await self.session.execute(
                insert(t.lots),
                [
                    {"dps_id": dps.id, "position": n, **vars(lot)}
                    for n, lot in enumerate(dps.lots)
                ],
            )
        if dps.open_windows:
            await self.session.execute(
                insert(t.windows),
                [
                    {
                        "dps_id": dps.id,
                        "window_id": w.window_id,
                        "lot_ids": [str(i) for i in w.lot_ids],
                        "opens_at": w.opens_at,
                        "closes_at": w.closes_at,
                    }
                    for w in dps.open_windows
                ],
            )

    async def page(
        self, request: PageRequest, status: KnownDpsStatus | None = None
    ) -> Page[KnownDps]:
        """Known DPSs in the order they opened, one page, each with its lots and windows."""
        t = self.tables.dps
        query = select(t)
        if status is not None:
            query = query.where(t.c.status == status.value)
        page = await keyset_page(
            self.session, query, request, [t.c.opened_at, t.c.dps_id], scalars=False
        )
        return Page(await self._with_parts(page.items), page.next_cursor)

    async def _with_parts(self, rows: Sequence[Any]) -> list[KnownDps]:
        """Rows of ``dps_view`` as ``KnownDps``, their lots and windows in two queries."""
        if not rows:
            return []
        t = self.tables
        ids = [row.dps_id for row in rows]
        lots: dict[UUID, list[KnownLot]] = {i: [] for i in ids}
        for lot in await self.session.execute(
            select(t.lots).where(t.lots.c.dps_id.in_(ids)).order_by(t.lots.c.position)
        ):
            lots[lot.dps_id].append(
                KnownLot(
                    lot_id=lot.lot_id,
                    code=lot.code,
                    title=lot.title,
                    admission_open=lot.admission_open,
                    closed_lot=lot.closed_lot,
                    cqc_registration_required=lot.cqc_registration_required,
                    remote_delivery_allowed=lot.remote_delivery_allowed,
                )
            )
        windows: dict[UUID, list[OpenWindow]] = {i: [] for i in ids}
        for w in await self.session.execute(
            select(t.windows).where(t.windows.c.dps_id.in_(ids)).order_by(t.windows.c.opens_at)
        ):
            windows[w.dps_id].append(
                OpenWindow(w.window_id, [UUID(i) for i in w.lot_ids], w.opens_at, w.closes_at)
            )
        cards: dict[UUID, list[KnownRateCard]] = {i: [] for i in ids}
        for c in await self.session.execute(
            select(t.rate_cards)
            .where(t.rate_cards.c.dps_id.in_(ids))
            .order_by(t.rate_cards.c.lot_id, t.rate_cards.c.effective_from)
        ):
            cards[c.dps_id].append(
                KnownRateCard(
                    rate_card_id=c.rate_card_id,
                    lot_id=c.lot_id,
                    effective_from=c.effective_from,
                    effective_to=c.effective_to,
                    rates=[
                        KnownRate(
                            r["element"], r["unit"], r["band"],
                            Decimal(r["min_amount"]), Decimal(r["max_amount"]),
                        )
                        for r in c.rates
                    ],
                )
            )
        return [
            KnownDps(
                id=row.dps_id,
                name=row.name,
                regime=row.regime,
                service_category=row.service_category,
                buyer_organisations=list(row.buyer_organisations),
                status=KnownDpsStatus(row.status),
                starts_on=row.starts_on,
                initial_term_ends_on=row.initial_term_ends_on,
                current_end_on=row.current_end_on,
                latest_end_on=row.latest_end_on,
                opened_at=row.opened_at,
                ended_at=row.ended_at,
                end_reason=row.end_reason,
                lots=lots[row.dps_id],
                open_windows=windows[row.dps_id],
                criteria=[
                    KnownCriterion(
                        c["code"], c["name"], c["kind"],
                        Decimal(c["min_weight"]), Decimal(c["max_weight"]),
                    )
                    for c in row.criteria
                ],
                price_compliance=PriceCompliance.model_validate(row.price_compliance),
                rate_cards=cards[row.dps_id],
            )
            for row in rows
        ]
