"""What the broker can never accept is set aside and reported; nothing waits behind it."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from pydantic import Field
from sqlalchemy import func, insert, select

from shared.events.base import MAX_EVENT_BYTES, Event, EventTooLarge
from shared.messaging.envelope import body_for, headers_for
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.metrics import metric_value

pytestmark = pytest.mark.nats


async def _put_in_outbox(producer, event: Event, payload: str, **extra_headers: str) -> None:  # type: ignore[no-untyped-def]
    async with producer.session_factory() as session, session.begin():
        await session.execute(
            insert(producer.outbox).values(
                event_id=event.id,
                subject=event.subject_name,
                payload=payload,
                headers={**headers_for(event, "/care-dps/probe"), **extra_headers},
                created_at=datetime.now(UTC),
            )
        )


@pytest.mark.slow
async def test_an_oversized_and_a_refused_row_are_set_aside_and_the_next_1000_events_arrive(
    nats_server, database
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            await producer.relay.stop()  # the bad rows go first
            oversized = ProbeHappened(occurred_at=datetime.now(UTC), n=-1)
            padding = "x" * (1024 * 1024 + 10)
            await _put_in_outbox(
                producer, oversized, body_for(oversized)[:-1] + f', "padding": "{padding}"}}'
            )
            refused = ProbeHappened(occurred_at=datetime.now(UTC), n=-2)
            await _put_in_outbox(
                producer, refused, body_for(refused), **{"Nats-Expected-Last-Sequence": "1"}
            )
            events = await commit_events(producer, range(1000), per_commit=50)
            producer.relay.start()

            async def all_arrived() -> bool:
                return await applied_count(sink) == 1000

            await wait_for(all_arrived, timeout=120, what="the 1000 events after the bad rows")

            async def reported() -> bool:
                return metric_value(producer, "dps_outbox_set_aside_total") == 2 and (
                    metric_value(producer, "dps_outbox_unsent") == 0
                )

            await wait_for(reported, what="two rows set aside, nothing waiting")
            outbox = producer.outbox
            async with producer.session_factory() as session:
                aside = {
                    r.event_id: r.set_aside_reason
                    for r in await session.execute(
                        select(outbox.c.event_id, outbox.c.set_aside_reason).where(
                            outbox.c.set_aside_at.is_not(None)
                        )
                    )
                }
                sent = await session.scalar(
                    select(func.count()).where(outbox.c.sent_at.is_not(None))
                )
    assert set(aside) == {oversized.id, refused.id}
    assert "limit" in aside[oversized.id]
    assert "10071" in aside[refused.id] or "last sequence" in aside[refused.id].lower()
    assert sent == len(events) == 1000


class Essay(Event):
    """A test-only event with free text."""

    subject_name = "dps.probe.essay.v1"
    aggregate_type: str = "probe"
    aggregate_id: UUID | None = Field(default_factory=uuid4)
    text: str


async def test_an_event_over_the_size_limit_is_refused_at_commit_and_nothing_is_written(
    nats_server, database
):
    async with database("probe") as producer_db, probe_producer(
        producer_db, nats_server.url
    ) as producer:
        async with producer.uow() as uow:
            uow.publish(Essay(occurred_at=datetime.now(UTC), text="x" * MAX_EVENT_BYTES))
            with pytest.raises(EventTooLarge, match="carry large content by reference"):
                await uow.commit()
        async with producer.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(producer.outbox)) == 0


async def test_each_committed_event_carries_its_aggregates_next_version_in_its_row(
    nats_server, database
):
    """On PostgreSQL one event is written in one statement that puts the version in the body."""
    import json

    async with database("probe") as producer_db, probe_producer(
        producer_db, nats_server.url
    ) as producer:
        await producer.relay.stop()
        aggregate = uuid4()
        returned = 0
        for n in range(3):
            async with producer.uow() as uow:
                uow.publish(
                    ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=aggregate)
                )
                returned += await uow.commit()
        async with producer.session_factory() as session:
            payloads = list(
                (
                    await session.execute(
                        select(producer.outbox.c.payload).order_by(producer.outbox.c.position)
                    )
                ).scalars()
            )
    assert [json.loads(p)["aggregate_version"] for p in payloads] == [1, 2, 3]
    assert returned == 3
    assert all("9007199254740881" not in p for p in payloads)
