"""A contracts service per test, on each database, with a clock the test moves; the other
services' events (and the contracts service's own) applied through the handlers its
``subscribers.py`` wires. The messaging itself is proved over a real nats-server in
``test_over_nats``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import ManualClock
from tests.contracts.api_support import KEEP_SENT_EVENTS
from tests.contracts.factories import START
from tests.support.services import running_service

from .support import Publication


@pytest.fixture
async def publication(database) -> AsyncIterator[Publication]:  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    async with (
        database("contracts") as url,
        running_service("contracts", url, "nats://127.0.0.1:1", clock=clock,
                        connect_nats=False, ocid_prefix="ocds-cdps01",
                        **KEEP_SENT_EVENTS) as (app, client),
    ):
        yield Publication(app, client, clock)
