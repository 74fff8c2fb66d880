"""``GET /dps`` and ``GET /dps/{dps_id}`` of a consuming service: one shape for list and detail."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from shared.dpsview.model import KnownDps, KnownDpsStatus
from shared.http.auth import CallerDep
from shared.http.deps import new_uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses


class KnownLotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    lot_id: UUID
    code: str
    title: str
    admission_open: bool
    closed_lot: bool
    cqc_registration_required: bool
    remote_delivery_allowed: bool


class OpenWindowRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    window_id: UUID
    lot_ids: list[UUID]
    opens_at: datetime
    closes_at: datetime


class KnownCriterionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    kind: str
    min_weight: Decimal
    max_weight: Decimal


class KnownRateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    element: str
    unit: str
    band: str | None
    min_amount: Decimal
    max_amount: Decimal


class KnownRateCardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rate_card_id: UUID
    lot_id: UUID
    effective_from: date
    effective_to: date | None
    rates: list[KnownRateRead]


class PriceComplianceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    price_above_reference: str
    abnormally_low_percent: int


class KnownDpsRead(BaseModel):
    """A DPS as this service knows it, from the registry's events."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    regime: str
    service_category: str
    buyer_organisations: list[str]
    status: KnownDpsStatus
    starts_on: date
    initial_term_ends_on: date
    current_end_on: date
    latest_end_on: date
    opened_at: datetime
    ended_at: datetime | None
    end_reason: str
    lots: list[KnownLotRead]
    open_windows: list[OpenWindowRead]
    criteria: list[KnownCriterionRead]
    price_compliance: PriceComplianceRead
    rate_cards: list[KnownRateCardRead]


#: The service's unit of work; any whose ``dps`` is a ``DpsViewRepository``.
FollowingUow = Annotated[Any, Depends(new_uow)]


def known_dps_router(tags: list[str] | None = None) -> APIRouter:
    """Read routes over ``uow.dps`` for any signed-in caller (what is known of a DPS is what
    the registry publishes about it)."""
    router = APIRouter(tags=tags or ["DPS"], responses=problem_responses(401, 403))

    @router.get("/dps", response_model=PageRead[KnownDpsRead])
    async def list_known_dps(
        _: CallerDep, uow: FollowingUow, page: PageParams, status: KnownDpsStatus | None = None
    ) -> Any:
        """The DPSs this service knows of, in the order they opened, one page at a time."""
        async with uow:
            found = await uow.dps.page(page, status)
        return PageRead[KnownDpsRead](
            items=[KnownDpsRead.model_validate(d) for d in found.items],
            next_cursor=found.next_cursor,
        )

    @router.get(
        "/dps/{dps_id}", response_model=KnownDpsRead, responses=problem_responses(404)
    )
    async def get_known_dps(dps_id: UUID, _: CallerDep, uow: FollowingUow) -> KnownDps:
        """One DPS as this service knows it (404 ``dps_not_known`` until its opening arrives)."""
        async with uow:
            known: KnownDps = await uow.dps.get(dps_id)
        return known

    return router
