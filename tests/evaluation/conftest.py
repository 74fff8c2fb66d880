"""An evaluation service per test, on each database, with a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import ManualClock
from tests.evaluation.api_support import Service
from tests.evaluation.factories import T0
from tests.support.services import running_service


@pytest.fixture
async def service(nats_server, database) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    clock = ManualClock(T0)
    async with (
        database("evaluation") as url,
        running_service("evaluation", url, nats_server.url, clock=clock,
                        outbox_retention_days=36_500) as (app, client),
    ):
        yield Service(app, client, clock)
