"""Per-aggregate order on a real nats-server: whatever the broker does, each aggregate's
events apply once each, in version order; a gap waits, and is reported if it never fills.

The events are published straight to JetStream in the order a scenario chooses, each copy
with its own message id (so JetStream keeps duplicates, as after a re-publication), and a
handler can fail the first time it sees an event (so it is redelivered later, after its
successors).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import nats
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.messaging.envelope import body_for, headers_for
from tests.messaging.harness import ProbeHappened, applied_rows, sink_consumer, wait_for
from tests.support.nats import stream_messages

pytestmark = pytest.mark.nats

_numbers = itertools.count(1)


def _event(aggregate: UUID, index: int, version: int) -> ProbeHappened:
    # n names the aggregate (index) and the step (version), so the sink's rows can be checked.
    return ProbeHappened(
        occurred_at=datetime.now(UTC),
        aggregate_id=aggregate,
        aggregate_version=version,
        n=index * 100 + version,
    )


async def _publish(url: str, events: list[ProbeHappened]) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for event in events:
            headers = {**headers_for(event, "/care-dps/probe"), "Nats-Msg-Id": str(uuid4())}
            await js.publish(event.subject_name, body_for(event).encode(), headers=headers)
    finally:
        await client.close()


async def _steps(sink: Any, index: int) -> list[int]:
    return [r.n % 100 for r in await applied_rows(sink) if r.n // 100 == index]


async def _settled(url: str) -> bool:
    client = await nats.connect(url)
    try:
        info = await client.jetstream().consumer_info("DPS", "sink-from-probe")
    finally:
        await client.close()
    return info.num_pending == 0 and info.num_ack_pending == 0


class Flaky:
    """Fails the first delivery of the chosen events, as a passing handler error would."""

    def __init__(self) -> None:
        self.fail_once: set[int] = set()

    async def __call__(self, event: ProbeHappened) -> None:
        if event.n in self.fail_once:
            self.fail_once.discard(event.n)
            raise RuntimeError("first try fails")


@pytest.fixture
async def ordered_sink(nats_server, database) -> AsyncIterator[tuple[Any, Flaky]]:  # type: ignore[no-untyped-def]
    flaky = Flaky()
    async with database("sink") as url, sink_consumer(
        url, nats_server.url, behaviour=flaky, consumer_retry_delay_seconds=0.01
    ) as sink:
        await wait_for(lambda: _alive(sink), what="the sink connected")
        yield sink, flaky


async def _alive(runtime: Any) -> bool:
    return bool(runtime.broker_alive())


scenario = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3).flatmap(
    lambda lengths: st.tuples(
        st.just(lengths),
        # every event at least once, some up to three times, in any order
        st.permutations(
            [(a, v) for a, n in enumerate(lengths) for v in range(1, n + 1)]
        ).flatmap(
            lambda order: st.lists(st.sampled_from(order), max_size=4).map(
                lambda extra: order + extra
            ).flatmap(st.permutations)
        ),
        st.sets(st.tuples(st.integers(0, 2), st.integers(1, 4)), max_size=3),
    )
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=scenario)
async def test_every_read_model_ends_equal_to_the_owners_state_whatever_the_delivery_order(
    nats_server, ordered_sink, case
):
    lengths, deliveries, failing = case
    sink, flaky = ordered_sink
    aggregates = [(uuid4(), next(_numbers)) for _ in lengths]
    flaky.fail_once = {
        aggregates[a][1] * 100 + v for a, v in failing if a < len(lengths) and v <= lengths[a]
    }
    await _publish(
        nats_server.url, [_event(*aggregates[a], v) for a, v in deliveries]
    )

    async def complete() -> bool:
        for (_, index), length in zip(aggregates, lengths, strict=True):
            if len(await _steps(sink, index)) < length:
                return False
        return await _settled(nats_server.url)

    await wait_for(complete, timeout=60, what="every aggregate's events applied")
    for (_, index), length in zip(aggregates, lengths, strict=True):
        assert await _steps(sink, index) == list(range(1, length + 1))


async def test_a_gap_that_never_fills_is_reported_not_skipped_and_heals_when_it_fills(
    nats_server, database
):
    aggregate, index = uuid4(), next(_numbers)
    async with database("sink") as url, sink_consumer(
        url,
        nats_server.url,
        consumer_gap_report_seconds=0.5,
        consumer_sweep_seconds=0.1,
    ) as sink:
        await wait_for(lambda: _alive(sink), what="the sink connected")
        first, second, third = (_event(aggregate, index, v) for v in (1, 2, 3))
        await _publish(nats_server.url, [first, third])  # version 2 never comes

        async def reported() -> bool:
            letters = await stream_messages(nats_server.url, "dps.dlq.sink")
            return any(m.headers.get("ce-id") == str(third.id) for m in letters)

        await wait_for(reported, what="the gap reported as a dead letter")
        letters = await stream_messages(nats_server.url, "dps.dlq.sink")
        [letter] = [m for m in letters if m.headers.get("ce-id") == str(third.id)]
        assert "waits for version 2" in letter.headers["dps-dlq-reason"]
        assert await _steps(sink, index) == [1]  # not skipped: 3 did not apply
        metrics = _metric(sink, "dps_consumer_gaps_reported_total")
        assert metrics >= 1

        await _publish(nats_server.url, [second])  # the gap fills: 2, then 3

        async def healed() -> bool:
            return await _steps(sink, index) == [1, 2, 3]

        await wait_for(healed, what="the parked event applied after its predecessor")


def _metric(runtime: Any, name: str) -> float:
    for metric in runtime.metrics_registry.collect():
        for sample in metric.samples:
            if sample.name == name:
                return float(sample.value)
    return 0.0


async def test_a_later_event_of_one_aggregate_never_holds_up_another_aggregate(
    nats_server, database
):
    waiting, index_a = uuid4(), next(_numbers)
    other, index_b = uuid4(), next(_numbers)
    async with database("sink") as url, sink_consumer(url, nats_server.url) as sink:
        await wait_for(lambda: _alive(sink), what="the sink connected")
        await _publish(
            nats_server.url,
            [_event(waiting, index_a, 2), *(_event(other, index_b, v) for v in (1, 2, 3))],
        )

        async def others_applied() -> bool:
            return await _steps(sink, index_b) == [1, 2, 3]

        await wait_for(others_applied, what="the other aggregate's events")
        assert await _steps(sink, index_a) == []


async def test_moving_the_business_clock_never_reports_a_gap_early(nats_server, database, tmp_path):
    """The shared clock of a local run (or a test) moves business time by weeks; a gap's
    bound is the backbone's own, on real time, so a held-back event is not reported."""
    from datetime import timedelta

    from shared.clock import move_clock

    clock_file = tmp_path / "clock.json"
    move_clock(clock_file, by=timedelta(0))
    aggregate, index = uuid4(), next(_numbers)
    async with database("sink") as url, sink_consumer(
        url, nats_server.url, consumer_gap_report_seconds=60, consumer_sweep_seconds=3600,
        clock_file=clock_file,
    ) as sink:
        await wait_for(lambda: _alive(sink), what="the sink connected")
        first, second, third = (_event(aggregate, index, v) for v in (1, 2, 3))
        await _publish(nats_server.url, [first, third])
        [consumer] = sink.consumers

        async def parked() -> bool:
            await consumer.sweep()
            return _metric(sink, "dps_consumer_parked") == 1

        await wait_for(parked, what="version 3 held back")
        move_clock(clock_file, by=timedelta(days=30))
        await consumer.sweep()
        assert _metric(sink, "dps_consumer_gaps_reported_total") == 0
        letters = await stream_messages(nats_server.url, "dps.dlq.sink")
        assert not [m for m in letters if m.headers.get("ce-id") == str(third.id)]

        await _publish(nats_server.url, [second])

        async def healed() -> bool:
            return await _steps(sink, index) == [1, 2, 3]

        await wait_for(healed, what="the parked event applied after its predecessor")
