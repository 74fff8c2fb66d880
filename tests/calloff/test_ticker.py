"""The ticker closes call-offs at their deadline with the injected clock, and two replicas
running it at once close each call-off exactly once (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from services.calloff.handlers.ticker import CallOffTicker
from tests.calloff.api_support import COMMISSIONER


async def test_nothing_closes_before_its_deadline(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    await calloff.respond(call_off, member)
    calloff.clock.advance(timedelta(days=14) - timedelta(seconds=1))
    assert (await calloff.tick()).closed == 0
    calloff.clock.advance(timedelta(seconds=1))
    assert (await calloff.tick()).closed == 1
    shown = await calloff.client.get(f"/call-offs/{call_off['id']}", headers=COMMISSIONER)
    assert shown.json()["closed_at"] == shown.json()["response_deadline"]


async def test_two_replicas_ticking_at_once_close_each_call_off_once(calloff, backend):
    dps = await calloff.open_dps()
    members = [await calloff.member(dps) for _ in range(2)]
    call_offs = []
    for _ in range(4):
        call_off = await calloff.publish(await calloff.draft(await calloff.requirement(dps)))
        for member in members:
            assert (await calloff.respond(call_off, member)).status_code == 201
        call_offs.append(call_off)
    calloff.clock.advance(timedelta(days=15))
    runtime = calloff.app.state.runtime
    replica = CallOffTicker(runtime.uow, runtime.clock)
    reports = await asyncio.gather(calloff.tick(), replica())
    closed = Counter(e["aggregate_id"] for e in await calloff.events("call_off_closed"))
    assert closed == Counter({c["id"]: 1 for c in call_offs})
    opened = Counter(e["aggregate_id"] for e in await calloff.events("response_opened"))
    assert opened == Counter({c["id"]: 2 for c in call_offs})
    assert sum(r.closed for r in reports) == 4
    if backend == "postgresql":
        assert sum(r.failed for r in reports) == 0
    assert (await calloff.tick()).closed == 0
