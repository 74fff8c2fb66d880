"""Statements on the driver: prepared by name, and run with their values written into the
SQL text only when they cannot be misread, whatever the server's string settings."""

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


def test_a_statement_is_prepared_by_name_and_run_with_its_values_written_in() -> None:
    moving = _moving()
    assert moving.prepared_as("moving") == f"PREPARE moving AS {moving.sql}"
    assert moving.sql == (
        "UPDATE positions SET version=$1::INTEGER WHERE positions.kind = $2::VARCHAR"
        " AND positions.key = $3::UUID"
    )
    executed = moving.executed_as("moving", {"kind": "dps", "key": KEY, "version": 12})
    assert executed == f"EXECUTE moving(12, 'dps', '{KEY}')"


def test_a_statement_with_a_value_that_could_be_misread_is_not_written_out() -> None:
    bad = {"kind": "dps'; DROP TABLE positions; --", "key": KEY, "version": 1}
    assert _moving().executed_as("moving", bad) is None
