from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer

_PENNY = Decimal("0.01")

#: An amount (GBP) or a weight (percent) out: a string with two decimals, "13.60", "40.00".
Decimal2 = Annotated[
    Decimal, PlainSerializer(lambda d: str(d.quantize(_PENNY)), return_type=str, when_used="json")
]


class Read(BaseModel):
    """A response body read from a domain object's attributes."""

    model_config = ConfigDict(from_attributes=True)
