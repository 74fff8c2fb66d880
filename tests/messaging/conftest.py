"""Each messaging test starts with no sink durable, so a position left in the shared
nats-server by an earlier test's sink cannot reach this test's sink."""

from __future__ import annotations

import nats
import pytest
from nats.js.errors import NotFoundError


@pytest.fixture(autouse=True)
async def clean_probe_subjects(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if "nats_server" in request.fixturenames:
        server = request.getfixturevalue("nats_server")
        client = await nats.connect(server.url)
        try:
            # The stream itself is emptied for every test on the shared server
            # (tests/conftest.py); the sink's durable consumer is this package's own.
            try:
                await client.jetstream().delete_consumer("DPS", "sink-from-probe")
            except NotFoundError:
                pass
        finally:
            await client.close()
    yield
