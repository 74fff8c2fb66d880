"""Statements on the driver: values are written into SQL text only when they cannot be
misread, whatever the server's string settings."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid, bindparam, update
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from shared.driver import DriverStatement, literal

table = Table(
    "positions",
    MetaData(),
    Column("kind", String(100), primary_key=True),
    Column("key", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
)
KEY = UUID("0b0e8a7e-95a1-4c55-9a39-5d4a0b6e3f10")


def _moving() -> DriverStatement:
    statement = (
        update(table)
        .where(table.c.kind == bindparam("kind"), table.c.key == bindparam("key"))
        .values(version=bindparam("version"))
    )
    return DriverStatement(statement, asyncpg_dialect())


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (12, "12"),
        (-3, "-3"),
        (KEY, f"'{KEY}'"),
        ("care-dps.warm-up", "'care-dps.warm-up'"),
        ("call_off:lot-2", "'call_off:lot-2'"),
    ],
)
def test_plain_values_are_written_in(value: object, written: str) -> None:
    assert literal(value) == written


@pytest.mark.parametrize(
    "value",
    ["it's", "back\\slash", "two words", "x" * 201, "é", True, 1.5, None, b"bytes"],
)
def test_anything_that_could_be_misread_is_not(value: object) -> None:
    assert literal(value) is None


def test_a_statement_is_written_out_with_its_values_in_place() -> None:
    sql = _moving().inline({"kind": "dps", "key": KEY, "version": 12})
    assert sql == (
        f"UPDATE positions SET version=12::INTEGER WHERE positions.kind = 'dps'::VARCHAR"
        f" AND positions.key = '{KEY}'::UUID"
    )


def test_a_statement_with_a_value_that_could_be_misread_is_not_written_out() -> None:
    bad = {"kind": "dps'; DROP TABLE positions; --", "key": KEY, "version": 1}
    assert _moving().inline(bad) is None
