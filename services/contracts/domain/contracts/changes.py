"""What is changed on a contract after award, each kept for good: extensions taken and
variations of hours or rates (with their effective date and reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from shared.events.calloff import PriceLine, VolumeLine


@dataclass(eq=False)
class Extension:
    """One extension option taken (the first, the second ...)."""

    option_sequence: int
    months: int
    ends_on: date
    reason: str
    taken_at: datetime
    taken_by: str
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Variation:
    """Hours or rates as they are from ``effective_on``, and the values they make."""

    effective_on: date
    reason: str
    rates: list[PriceLine]
    volumes: list[VolumeLine]
    annual_value: Decimal
    whole_life_value: Decimal
    varied_at: datetime
    varied_by: str
    id: UUID = field(default_factory=uuid4)
