"""Each messaging test starts from an empty probe subject and no sink durable, so events
left in the shared nats-server by an earlier test cannot reach this test's sink."""

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
            js = client.jetstream()
            for subject in ("dps.probe.>", "dps.dlq.sink", "dps.replay.sink.>"):
                await js.purge_stream("DPS", subject=subject)
            try:
                await js.delete_consumer("DPS", "sink-from-probe")
            except NotFoundError:
                pass
        finally:
            await client.close()
    yield
