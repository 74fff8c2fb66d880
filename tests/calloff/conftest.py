"""A call-off service per test, on each database, with a clock the test moves; registry
and contracts events are applied through its own handlers (the NATS tests use a broker)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import ManualClock
from tests.calloff.api_support import Calloff
from tests.calloff.factories import START
from tests.support.services import running_service

#: Sent outbox rows are purged by the service's clock, which these tests move.
KEEP_SENT_EVENTS = {"outbox_retention_days": 36_500}


@pytest.fixture
async def calloff(database) -> AsyncIterator[Calloff]:  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    async with (
        database("calloff") as url,
        running_service(
            "calloff", url, "nats://127.0.0.1:1", clock=clock, connect_nats=False,
            relay_max_backoff_seconds=3600,
            **KEEP_SENT_EVENTS,
        ) as (app, client),
    ):
        yield Calloff(app, client, clock)
