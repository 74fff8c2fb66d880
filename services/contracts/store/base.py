"""What every part of the contracts store shares: the metadata (with the outbox, inbox and
known-DPS tables), the ORM registry the aggregates are mapped with, and the money columns
(the column types every service shares are in ``shared.columns``).

Each feature keeps its tables, mapping and repositories in a module of its own
(``awards``, ``contracts``, ...); ``tables`` imports them all so the metadata is complete.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, Numeric, Uuid
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import registry, relationship

from services.contracts.domain import limits as n
from shared.db import new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)
mapper_registry = registry()

MONEY = Numeric(n.MONEY_DIGITS, n.MONEY_PLACES)
MEASURE = Numeric(n.MEASURE_DIGITS, n.MEASURE_PLACES)


def parent(name: str, table: str) -> Column[Any]:
    return Column(name, Uuid, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False,
                  index=True)


def position() -> Column[Any]:
    return Column("position", Integer, nullable=False)


def children(cls: type, table: Any) -> Any:
    """An ordered list of child rows that live and die with their parent."""
    return relationship(
        cls, lazy="selectin", cascade="all, delete-orphan", order_by=table.c.position,
        collection_class=ordering_list("position"),
    )
