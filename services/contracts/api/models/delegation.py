"""Schemes of delegation in and out."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from services.contracts.api.models.base import Body, Decimal2, Money, Read, text
from services.contracts.domain import limits as n
from services.contracts.domain.delegation import DelegationLevel

Code = text(n.CODE, min_length=1)


class LevelSpec(Body):
    code: Code = Field(examples=["lead_commissioner"])  # type: ignore[valid-type]
    title: text(n.NAME, min_length=1) = Field(examples=["Lead Commissioner"])  # type: ignore[valid-type]
    up_to: Money | None = Field(
        default=None, description="The highest whole-life value it approves; null: no ceiling."
    )

    def level(self) -> DelegationLevel:
        return DelegationLevel(self.code, self.title, self.up_to)


class SchemeCreate(Body):
    buyer: text(n.NAME, min_length=1) = Field(  # type: ignore[valid-type]
        examples=["Staffordshire County Council"]
    )
    levels: list[LevelSpec] = Field(min_length=1, max_length=n.LEVELS,
                                    description="From the most junior to the most senior.")


class SchemeReplace(Body):
    levels: list[LevelSpec] = Field(min_length=1, max_length=n.LEVELS)


class LevelRead(Read):
    code: str
    title: str
    up_to: Decimal2 | None


class SchemeRead(Read):
    id: UUID
    buyer: str
    levels: list[LevelRead]
    revision: int
    changed_at: datetime
    changed_by: str
