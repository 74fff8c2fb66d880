"""Fixtures shared by the whole suite: a real nats-server, fresh databases, services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest

from tests.support.databases import POSTGRES_URL, fresh_database
from tests.support.nats import NatsServer, prepare_stream


@pytest.fixture(scope="session")
async def nats_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[NatsServer]:
    """One nats-server for tests that do not stop it."""
    server = NatsServer(tmp_path_factory.mktemp("nats"))
    server.start()
    await prepare_stream(server.url)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
async def empty_shared_stream(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """A test on the session's nats-server starts from an empty stream. Durable consumers
    outlive a test; events an earlier test left unconsumed (its services stopped first)
    would otherwise be delivered ahead of this test's own, and on a loaded machine that
    backlog outlasted a test's wait."""
    if "nats_server" in request.fixturenames:
        server: NatsServer = request.getfixturevalue("nats_server")
        client = await nats.connect(server.url)
        try:
            await client.jetstream().purge_stream("DPS")
        finally:
            await client.close()
    yield


@pytest.fixture
async def own_nats_server(tmp_path: Path) -> AsyncIterator[NatsServer]:
    """A nats-server of the test's own, which the test may stop, kill and restart."""
    server = NatsServer(tmp_path / "nats")
    server.start()
    await prepare_stream(server.url)
    yield server
    server.stop()


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Every store test runs on SQLite, and on PostgreSQL when DATABASE_URL names one."""
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("PostgreSQL: set DATABASE_URL (CI does)")
    return str(request.param)


@pytest.fixture
def database(tmp_path: Path, backend: str):  # type: ignore[no-untyped-def]
    """``async with database("name") as url``: an empty database for one service."""

    def make(name: str):  # type: ignore[no-untyped-def]
        return fresh_database(tmp_path, name, backend)

    return make
