"""Fixtures shared by the whole suite: a real nats-server, fresh databases, services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.databases import fresh_database
from tests.support.nats import NatsServer, prepare_stream


@pytest.fixture(scope="session")
async def nats_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[NatsServer]:
    """One nats-server for tests that do not stop it."""
    server = NatsServer(tmp_path_factory.mktemp("nats"))
    server.start()
    await prepare_stream(server.url)
    yield server
    server.stop()


@pytest.fixture
async def own_nats_server(tmp_path: Path) -> AsyncIterator[NatsServer]:
    """A nats-server of the test's own, which the test may stop, kill and restart."""
    server = NatsServer(tmp_path / "nats")
    server.start()
    await prepare_stream(server.url)
    yield server
    server.stop()


@pytest.fixture
def database(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``async with database("name") as url``: an empty database for one service."""

    def make(name: str):  # type: ignore[no-untyped-def]
        return fresh_database(tmp_path, name)

    return make
