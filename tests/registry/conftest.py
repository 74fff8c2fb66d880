"""A registry service per test, on each database, with a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import ManualClock
from tests.registry.api_support import KEEP_SENT_EVENTS, START, Registry
from tests.support.services import running_service


@pytest.fixture
async def registry(nats_server, database) -> AsyncIterator[Registry]:  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    async with (
        database("registry") as url,
        running_service("registry", url, nats_server.url, clock=clock, **KEEP_SENT_EVENTS)
        as (app, client),
    ):
        yield Registry(app, client, clock)
