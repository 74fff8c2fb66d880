"""A contracts service per test, on each database, with a clock the test moves. No broker:
the other services' events are applied through the handlers the service wires (the
messaging itself is proved over a real nats-server in ``test_over_nats``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import ManualClock
from tests.support.services import running_service

from .api_support import KEEP_SENT_EVENTS, Contracts
from .factories import START


@pytest.fixture
async def contracts(database) -> AsyncIterator[Contracts]:  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    async with (
        database("contracts") as url,
        running_service("contracts", url, "nats://127.0.0.1:1", clock=clock,
                        connect_nats=False, **KEEP_SENT_EVENTS) as (app, client),
    ):
        yield Contracts(app, client, clock)
