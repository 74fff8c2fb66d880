"""The backbone under faults: NATS down, a relay crash, duplicates, failing handlers,
malformed events, two replicas. All against a real nats-server."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from uuid import uuid4

import nats
import pytest

from shared.messaging.relay import mark_for_republication
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    applied_rows,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.nats import stream_messages

pytestmark = [pytest.mark.nats]


def _count_is(runtime, expected):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return await applied_count(runtime) == expected

    return check


@pytest.mark.slow
async def test_1000_events_committed_while_nats_is_stopped_all_arrive_in_order_once(
    own_nats_server, database
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, own_nats_server.url) as producer,
            sink_consumer(sink_db, own_nats_server.url) as sink,
        ):
            await wait_for(lambda: _true(producer.broker_alive() and sink.broker_alive()))
            own_nats_server.stop()
            events = await commit_events(producer, range(1000))

            async def gauge_says_1000_waiting() -> bool:
                for metric in producer.metrics_registry.collect():
                    for sample in metric.samples:
                        if sample.name == "dps_outbox_unsent":
                            return sample.value == 1000
                return False

            await wait_for(gauge_says_1000_waiting, what="dps_outbox_unsent telling the truth")
            assert await applied_count(sink) == 0
            own_nats_server.start()
            await wait_for(_count_is(sink, 1000), timeout=120, what="1000 events applied")
            await asyncio.sleep(1.0)  # anything re-sent late would show up now
            rows = await applied_rows(sink)
    assert [row.n for row in rows] == list(range(1000))
    assert len({row.event_id for row in rows}) == 1000
    assert [row.event_id for row in rows] == [event.id for event in events]


async def _true(value: bool) -> bool:
    return value


async def test_relay_crash_after_publish_before_marking_sent_resends_and_applies_once(
    nats_server, database, monkeypatch
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            await producer.relay.stop()  # drive the relay by hand
            await wait_for(lambda: _true(producer.broker_alive()))
            [event] = await commit_events(producer, range(1))

            real_mark_sent = producer.relay._mark_sent

            async def crash(*_args, **_kwargs):  # type: ignore[no-untyped-def]
                raise RuntimeError("relay killed between PubAck and marking sent")

            monkeypatch.setattr(producer.relay, "_mark_sent", crash)
            with pytest.raises(RuntimeError):
                await producer.relay.relay_once()
            monkeypatch.setattr(producer.relay, "_mark_sent", real_mark_sent)
            assert await producer.relay.relay_once() == 1  # re-sent: nothing was marked
            await wait_for(_count_is(sink, 1), what="the event applied")
            await asyncio.sleep(0.5)
            assert await applied_count(sink) == 1
            assert await producer.relay.relay_once() == 0
    stored = [
        m
        for m in await stream_messages(nats_server.url, "dps.probe.>")
        if m.headers["ce-id"] == str(event.id)
    ]
    assert len(stored) == 1  # JetStream's duplicate window dropped the copy


async def test_same_event_delivered_twice_is_applied_once(nats_server, database):
    async with database("sink") as sink_db, sink_consumer(sink_db, nats_server.url) as sink:
        event = ProbeHappened(occurred_at=datetime.now(UTC), n=7)
        client = await nats.connect(nats_server.url)
        js = client.jetstream()
        for copy in range(2):  # different Nats-Msg-Id: JetStream stores both copies
            await js.publish(
                event.subject_name,
                event.model_dump_json().encode(),
                headers={"Nats-Msg-Id": f"{event.id}-{copy}"},
            )
        await client.close()
        await wait_for(_count_is(sink, 1))
        await asyncio.sleep(0.5)
        assert await applied_count(sink) == 1


async def test_handler_failing_twice_then_succeeding_is_redelivered_and_applied_once(
    nats_server, database
):
    attempts: dict[int, int] = {}

    async def flaky(event: ProbeHappened) -> None:
        attempts[event.n] = attempts.get(event.n, 0) + 1
        if attempts[event.n] <= 2:
            raise ConnectionError("the database blinked")

    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url, behaviour=flaky) as sink,
        ):
            await commit_events(producer, range(1))
            await wait_for(_count_is(sink, 1), what="applied after two failures")
            await asyncio.sleep(0.3)
            assert await applied_count(sink) == 1
    assert attempts == {0: 3}


async def test_malformed_event_goes_to_dead_letters_with_reason_and_next_is_applied(
    nats_server, database
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            client = await nats.connect(nats_server.url)
            bad_id = str(uuid4())
            await client.jetstream().publish(
                ProbeHappened.subject_name,
                json.dumps({"id": bad_id, "n": "not a number"}).encode(),
                headers={"Nats-Msg-Id": bad_id},
            )
            await client.close()
            await commit_events(producer, range(1))
            await wait_for(_count_is(sink, 1), what="the good event applied")
    dead = await stream_messages(nats_server.url, "dps.dlq.sink")
    [letter] = [m for m in dead if bad_id.encode() in m.data]
    assert letter.headers["dps-dlq-original-subject"] == ProbeHappened.subject_name
    assert "occurred_at" in letter.headers["dps-dlq-reason"]  # says what is wrong
    assert letter.headers["dps-dlq-consumer"] == "sink-from-probe"


async def test_event_that_exhausts_its_deliveries_is_dead_lettered(nats_server, database):
    async def always_fails(event: ProbeHappened) -> None:
        if event.n == 0:
            raise ValueError("cannot apply number zero")

    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url, behaviour=always_fails) as sink,
        ):
            [poison, good] = await commit_events(producer, range(2))
            await wait_for(_count_is(sink, 1), what="the good event applied")

            async def dead_lettered() -> bool:
                dead = await stream_messages(nats_server.url, "dps.dlq.sink")
                return any(m.headers.get("ce-id") == str(poison.id) for m in dead)

            await wait_for(dead_lettered, what="the poison event dead-lettered")
    dead = await stream_messages(nats_server.url, "dps.dlq.sink")
    [letter] = [m for m in dead if m.headers.get("ce-id") == str(poison.id)]
    assert "failed after 4 deliveries" in letter.headers["dps-dlq-reason"]
    assert "cannot apply number zero" in letter.headers["dps-dlq-reason"]


async def test_two_replicas_on_one_durable_apply_every_event_exactly_once(nats_server, database):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url, replica="a") as sink_a,
            sink_consumer(sink_db, nats_server.url, replica="b", create=False),
        ):
            await asyncio.sleep(0.5)
            await commit_events(producer, range(300), per_commit=10)
            await wait_for(_count_is(sink_a, 300), timeout=60, what="300 applied")
            await asyncio.sleep(0.5)
            rows = await applied_rows(sink_a)
    assert sorted(row.n for row in rows) == list(range(300))
    assert {row.replica for row in rows} == {"a", "b"}  # they split the work


async def test_republishing_a_range_is_harmless(nats_server, database):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            await commit_events(producer, range(5))
            await wait_for(_count_is(sink, 5))
            marked = await mark_for_republication(
                producer.session_factory, producer.outbox, from_position=2, to_position=4
            )
            assert marked == 3
            producer.relay.wake()

            async def all_sent_again() -> bool:
                return await producer.relay.relay_once() == 0

            await wait_for(all_sent_again)
            await asyncio.sleep(0.5)
            assert await applied_count(sink) == 5


async def test_event_refused_by_a_domain_rule_is_dead_lettered_at_once(nats_server, database):
    from shared.errors import RuleBroken

    tries: list[int] = []

    async def refuses(event: ProbeHappened) -> None:
        if event.n == 0:
            tries.append(event.n)
            raise RuleBroken("a lot cannot be found for this event", lot="L9")

    async with database("probe") as producer_db, database("sink") as sink_db:
        async with probe_producer(producer_db, nats_server.url) as producer, sink_consumer(
            sink_db, nats_server.url, behaviour=refuses
        ) as sink:
            [refused, _] = await commit_events(producer, range(2))
            await wait_for(_count_is(sink, 1), what="the next event applied")

            async def dead_lettered() -> bool:
                dead = await stream_messages(nats_server.url, "dps.dlq.sink")
                return any(m.headers.get("ce-id") == str(refused.id) for m in dead)

            await wait_for(dead_lettered, what="the refused event dead-lettered")
    assert tries == [0]  # not retried: a broken rule will not mend itself
    dead = await stream_messages(nats_server.url, "dps.dlq.sink")
    [letter] = [m for m in dead if m.headers.get("ce-id") == str(refused.id)]
    assert letter.headers["dps-dlq-reason"] == "rule_broken: a lot cannot be found for this event"
