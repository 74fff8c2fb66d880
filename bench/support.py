"""What a benchmark run needs around it: a nats-server of its own, fresh databases.

PostgreSQL when ``DATABASE_URL`` names one (a database per use, created and dropped),
else SQLite files in a temporary folder. The tests use the same helpers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import nats
from sqlalchemy.engine import make_url

from shared.messaging.stream import ensure_stream

POSTGRES_URL = os.environ.get("DATABASE_URL")


def backend_name() -> str:
    return "postgresql" if POSTGRES_URL else "sqlite"


def asyncpg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
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
    admin = await asyncpg.connect(asyncpg_dsn(POSTGRES_URL, "postgres"))
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
        admin = await asyncpg.connect(asyncpg_dsn(POSTGRES_URL, "postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()


async def prepare_stream(url: str, replicas: int = 1) -> None:
    """The DPS stream on the server(s) at ``url`` (comma-separated for a cluster)."""
    client = await nats.connect([u for u in url.split(",") if u])
    try:
        await ensure_stream(client.jetstream(), replicas=replicas)
    finally:
        await client.close()
