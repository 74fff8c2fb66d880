"""A DPS for an answer in one round trip: the row and every part of it in one statement.

The ORM loads a DPS with a query per child collection (eleven for a DPS with lots, rate
cards and windows). A read needs none of the ORM's change tracking, so here the store is
asked once, each collection coming back as a JSON array built by the database itself
(``json_agg`` / ``json_build_object`` on PostgreSQL, ``json_group_array`` / ``json_object`` on
SQLite), and the domain objects are restored from it without their constructors, as the ORM
restores them. Values are typed from the tables' own column types, so a column added to a
table is read here too; ``tests/registry/test_dps_reader.py`` proves the answer equals the
ORM's on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Numeric,
    Table,
    Uuid,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import class_mapper

from services.registry.domain.dps import BuyerOrganisation, Dps
from services.registry.domain.lots import (
    AwardCriterion,
    ExtensionOption,
    Lot,
    ReopeningWindow,
    RequiredDocument,
    SelectionQuestion,
    WindowLot,
)
from services.registry.domain.rates import Rate, RateCard
from services.registry.store import tables as t
from shared.columns import StrEnumType
from shared.db import AwareDateTime


class _Json:
    """The JSON functions of one dialect."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgresql"

    def object(self, pairs: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        flat: list[Any] = []
        for key, value in pairs:  # keys are our own column names, written into the SQL
            flat += [literal_column(f"'{key}'"), value]
        return (func.json_build_object if self.postgres else func.json_object)(*flat)

    def array(self, element: ColumnElement[Any]) -> ColumnElement[Any]:
        if self.postgres:
            return func.coalesce(func.json_agg(element), func.json_build_array())
        # json(): keep the element (and nested arrays) JSON, not a quoted string.
        return func.json_group_array(func.json(element))

    def nested(self, subquery: Any) -> ColumnElement[Any]:
        scalar = subquery.scalar_subquery()
        return scalar if self.postgres else func.json(scalar)


def _children(
    j: _Json, table: Table, parent: ColumnElement[Any], *, extra: dict[str, Any] | None = None
) -> Any:
    """A JSON array of ``table``'s rows whose parent key is ``parent``, every column kept."""
    key = next(c for c in table.c if c.foreign_keys)
    pairs = [(c.name, c) for c in table.c if c is not key] + list((extra or {}).items())
    return select(j.array(j.object(pairs))).where(key == parent)


@lru_cache(maxsize=4)
def statement(dialect: str) -> Any:
    """The one statement, built once per dialect (``dps_id`` is its parameter)."""
    j = _Json(dialect)
    lots = _children(j, t.lots, t.dps.c.id, extra={
        "questions": j.nested(_children(j, t.selection_questions, t.lots.c.id)),
        "required_documents": j.nested(_children(j, t.required_documents, t.lots.c.id)),
    })
    windows = _children(j, t.reopening_windows, t.dps.c.id, extra={
        "lots": j.nested(_children(j, t.window_lots, t.reopening_windows.c.id)),
    })
    rate_cards = _children(j, t.rate_cards, t.dps.c.id, extra={
        "rates": j.nested(_children(j, t.rates, t.rate_cards.c.id)),
    })
    parts = {
        "buyers": _children(j, t.dps_buyers, t.dps.c.id),
        "extension_options": _children(j, t.dps_extension_options, t.dps.c.id),
        "lots": lots, "windows": windows,
        "criteria": _children(j, t.award_criteria, t.dps.c.id),
        "rate_cards": rate_cards,
    }
    columns = [*t.dps.c, *(part.scalar_subquery().label(name) for name, part in parts.items())]
    return select(*columns).where(t.dps.c.id == bindparam("dps_id", type_=Uuid))


# --- from JSON back to domain objects ------------------------------------------------------


def _converter(column: Any) -> Callable[[Any], Any]:
    """How a JSON value of ``column`` becomes what its type gives the domain."""
    kind = column.type
    if isinstance(kind, Uuid):
        return lambda raw: UUID(str(raw))
    if isinstance(kind, AwareDateTime):
        def moment(raw: Any) -> datetime:
            value = datetime.fromisoformat(str(raw).replace(" ", "T"))
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        return moment
    if isinstance(kind, Date):
        return lambda raw: date.fromisoformat(str(raw)[:10])
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Numeric):
        places = Decimal(1).scaleb(-(kind.scale or 0))
        return lambda raw: Decimal(str(raw)).quantize(places)
    if isinstance(kind, StrEnumType):
        return kind.enum  # type: ignore[no-any-return]
    if isinstance(kind, Integer):
        return int
    return lambda raw: raw


@cache
def _converters(table: Table) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    return tuple((column.name, _converter(column)) for column in table.c)


def _restore(cls: type, table: Table, row: Mapping[str, Any], **relations: Any) -> Any:
    """A domain object as the ORM loads one: no constructor, no change events; read-only."""
    obj = class_mapper(cls).class_manager.new_instance()
    state = obj.__dict__
    for name, convert in _converters(table):
        if name in row:
            raw = row[name]
            state[name] = None if raw is None else convert(raw)
    state.update(relations)
    return obj


def _parse(raw: Any) -> list[dict[str, Any]]:
    items = json.loads(raw, parse_float=Decimal) if isinstance(raw, str) else (raw or [])
    return sorted(items, key=lambda item: item.get("position", item.get("sequence", 0)))


def _many(cls: type, table: Table, raw: Any, **nested: tuple[type, Table]) -> list[Any]:
    out = []
    for row in _parse(raw):
        relations = {
            name: _many(child_cls, child_table, row.get(name))
            for name, (child_cls, child_table) in nested.items()
        }
        out.append(_restore(cls, table, row, **relations))
    return out


async def read_dps(session: AsyncSession, dps_id: UUID) -> Dps | None:
    """The DPS and all its parts (not its audit trail), or None."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    row = (await session.execute(statement(dialect), {"dps_id": dps_id})).mappings().first()
    if row is None:
        return None
    return _restore(  # type: ignore[no-any-return]
        Dps, t.dps, {c.name: row[c.name] for c in t.dps.c},
        buyers=_many(BuyerOrganisation, t.dps_buyers, row["buyers"]),
        extension_options=_many(ExtensionOption, t.dps_extension_options,
                                row["extension_options"]),
        lots=_many(Lot, t.lots, row["lots"],
                   questions=(SelectionQuestion, t.selection_questions),
                   required_documents=(RequiredDocument, t.required_documents)),
        windows=_many(ReopeningWindow, t.reopening_windows, row["windows"],
                      lots=(WindowLot, t.window_lots)),
        criteria=_many(AwardCriterion, t.award_criteria, row["criteria"]),
        rate_cards=_many(RateCard, t.rate_cards, row["rate_cards"], rates=(Rate, t.rates)),
        decisions=[],
    )
