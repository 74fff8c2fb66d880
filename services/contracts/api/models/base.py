"""Bodies in and out: bounded inputs (from ``domain.limits``), amounts as strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from services.contracts.domain import limits as n
from shared.events.calloff import Unit
from shared.fields import no_float, text

_PENNY = Decimal("0.01")

#: An amount out: a string with two decimals ("62025.60"), whatever the store gave back.
Decimal2 = Annotated[
    Decimal, PlainSerializer(lambda d: str(d.quantize(_PENNY)), return_type=str, when_used="json")
]


Money = Annotated[
    Decimal, BeforeValidator(no_float),
    Field(ge=0, le=n.MONEY_MAX, max_digits=n.MONEY_DIGITS, decimal_places=n.MONEY_PLACES),
]
Rate = Annotated[
    Decimal, BeforeValidator(no_float),
    Field(ge=0, le=n.RATE_MAX, max_digits=7, decimal_places=2),
]
Quantity = Annotated[
    Decimal, BeforeValidator(no_float),
    Field(ge=0, le=n.QUANTITY_MAX, max_digits=6, decimal_places=2),
]
Measure = Annotated[
    Decimal, BeforeValidator(no_float),
    Field(ge=-(10**10), le=10**10, max_digits=n.MEASURE_DIGITS,
          decimal_places=n.MEASURE_PLACES),
]
Day = Annotated[date, Field(ge=n.EARLIEST_DATE, le=n.LATEST_DATE)]
Reason = text(n.TEXT, min_length=1)
LongText = text(n.TEXT)
Element = text(n.ELEMENT, min_length=1)
Band = text(n.ELEMENT)


class Body(BaseModel):
    """A request body: unknown fields are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class RateIn(Body):
    element: Element
    unit: Unit
    band: Band | None = None
    amount: Rate


class VolumeIn(Body):
    element: Element
    unit: Unit
    band: Band | None = None
    quantity_per_week: Quantity


class RateRead(Read):
    element: str
    unit: str
    band: str | None
    amount: Decimal2


class VolumeRead(Read):
    element: str
    unit: str
    band: str | None
    quantity_per_week: Decimal


class ReferenceRateRead(Read):
    element: str
    unit: str
    band: str | None
    min_amount: Decimal2
    max_amount: Decimal2


class FundingShareRead(Read):
    buyer: str
    share_percent: Decimal
