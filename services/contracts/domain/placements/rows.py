"""One row of a placement import, as the council gives it (JSON, or CSV rows grouped by
reference). The fields are what may be known of a placement without identifying the person:
a pseudonymous reference, a need band, a postcode district, the volumes and rates. Unknown
fields are refused, so a column of names or NHS numbers can never slip in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.contracts.domain import limits as n
from shared.events.calloff import FundingRoute, Unit
from shared.fields import text

#: An outward code only (ST16, SW1A): a full postcode would narrow down to a few homes.
POSTCODE_DISTRICT = r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$"

Transition = Literal["contract", "reprocure"]
Day = Annotated[date, Field(ge=n.EARLIEST_DATE, le=n.LATEST_DATE)]


class PlacementLine(BaseModel):
    """So much of an element a week, at a rate (the rate is needed to make a contract)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    element: text(n.ELEMENT, min_length=1)  # type: ignore[valid-type]
    unit: Unit
    band: text(n.ELEMENT) | None = None  # type: ignore[valid-type]
    quantity_per_week: Decimal = Field(ge=0, le=n.QUANTITY_MAX, decimal_places=2)
    rate: Decimal | None = Field(default=None, ge=0, le=n.RATE_MAX, decimal_places=2)


class PlacementRow(BaseModel):
    """An existing placement. ``transition``: ``contract`` moves it onto a direct-award
    contract with its incumbent (who must be an active member of the lot); ``reprocure``
    marks it for re-procurement (the incumbent did not join the DPS)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: text(n.CODE, min_length=1)  # type: ignore[valid-type]
    lot_code: text(n.CODE, min_length=1)  # type: ignore[valid-type]
    transition: Transition
    incumbent_name: text(n.NAME, min_length=1)  # type: ignore[valid-type]
    provider_id: UUID | None = None
    provider_organisation: text(n.ORGANISATION, min_length=1) | None = None  # type: ignore[valid-type]
    need_band: text(n.CODE, min_length=1)  # type: ignore[valid-type]
    postcode_district: Annotated[str, Field(pattern=POSTCODE_DISTRICT, max_length=4)]
    funding_route: FundingRoute = "council_arranged"
    buyer: text(n.NAME, min_length=1) | None = None  # type: ignore[valid-type]
    start_on: Day
    initial_term_months: int = Field(ge=1, le=n.TERM_MONTHS_MAX)
    extension_months: list[Annotated[int, Field(ge=1, le=n.EXTENSION_MONTHS_MAX)]] = Field(
        default_factory=list, max_length=n.EXTENSION_OPTIONS
    )
    current_end_on: Day | None = None
    lines: list[PlacementLine] = Field(min_length=1, max_length=n.LINES)
