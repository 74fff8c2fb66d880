"""Test databases: a fresh PostgreSQL database per use when DATABASE_URL is set, else SQLite."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("DATABASE_URL")


def _asyncpg_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(tmp_dir: Path, name: str, backend: str = "") -> AsyncIterator[str]:
    """Yield an async SQLAlchemy URL of an empty database, removed afterwards."""
    backend = backend or backend_name()
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_dir / f'{name}-{uuid.uuid4().hex[:8]}.db'}"
        return
    assert POSTGRES_URL, "PostgreSQL needs DATABASE_URL"
    database = f"dps_test_{name}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    try:
        yield (
            make_url(POSTGRES_URL)
            .set(drivername="postgresql+asyncpg", database=database)
            .render_as_string(hide_password=False)
        )
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL, "postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()


def backend_name() -> str:
    return "postgresql" if POSTGRES_URL else "sqlite"
