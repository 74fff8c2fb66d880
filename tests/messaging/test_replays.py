"""Replays after a fix: a dead letter applies once; a re-published range is delivered again
(past JetStream's duplicate window) and changes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import uuid4

import nats
import pytest
from typer.testing import CliRunner

from shared.cli import app
from shared.errors import RuleBroken
from shared.messaging import dead_letters
from shared.messaging.envelope import body_for, headers_for
from shared.messaging.relay import mark_for_republication
from tests.messaging.harness import (
    ProbeHappened,
    applied_rows,
    commit_events,
    probe_producer,
    sink_consumer,
    wait_for,
)
from tests.support.nats import stream_messages

pytestmark = pytest.mark.nats


async def _letters(url: str, service: str = "sink") -> list[dead_letters.DeadLetter]:
    client = await nats.connect(url)
    try:
        return await dead_letters.list_dead_letters(client.jetstream(), service)
    finally:
        await client.close()


async def _settled(url: str) -> bool:
    client = await nats.connect(url)
    try:
        info = await client.jetstream().consumer_info("DPS", "sink-from-probe")
    finally:
        await client.close()
    return info.num_pending == 0 and info.num_ack_pending == 0


async def test_a_dead_letter_replayed_after_the_fix_is_applied_once(nats_server, database):
    broken = True

    async def refuses_until_fixed(event: ProbeHappened) -> None:
        if broken and event.n == 0:
            raise RuleBroken("no such lot (yet)")

    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url, behaviour=refuses_until_fixed) as sink,
        ):
            [refused, _] = await commit_events(producer, range(2))

            async def dead_lettered() -> list[dead_letters.DeadLetter]:
                return [
                    x for x in await _letters(nats_server.url) if x.event_id == str(refused.id)
                ]

            await wait_for(dead_lettered, what="the refused event dead-lettered")
            [letter] = await dead_lettered()
            assert letter.reason == "rule_broken: no such lot (yet)"
            assert letter.subject == ProbeHappened.subject_name

            broken = False  # the fix is deployed
            client = await nats.connect(nats_server.url)
            try:
                js = client.jetstream()
                await dead_letters.replay_dead_letter(js, "sink", letter)
                # a second replay of the same letter (say, by mistake) changes nothing
                await js.publish(
                    dead_letters.replay_subject("sink", letter.subject),
                    letter.data,
                    headers={"Nats-Msg-Id": str(uuid4())},
                )
            finally:
                await client.close()

            async def applied_once() -> bool:
                rows = await applied_rows(sink)
                return [r.n for r in rows].count(0) == 1 and await _settled(nats_server.url)

            await wait_for(applied_once, what="the replayed event applied")
            assert [r.n for r in await applied_rows(sink)].count(0) == 1
            assert await dead_lettered() == []  # replayed letters leave the dead letters


async def test_a_range_republished_within_the_duplicate_window_is_delivered_not_reapplied(
    nats_server, database
):
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url) as sink,
        ):
            events = await commit_events(producer, range(5))

            async def five() -> bool:
                return len(await applied_rows(sink)) == 5

            await wait_for(five)
            marked = await mark_for_republication(
                producer.session_factory, producer.outbox, from_position=2, to_position=4
            )
            assert marked == 3
            producer.relay.wake()
            again = {str(e.id) for e in events[1:4]}

            async def delivered_again() -> bool:
                stored = await stream_messages(nats_server.url, "dps.probe.>")
                copies = [m for m in stored if m.headers.get("ce-id") in again]
                return len(copies) == 6 and await _settled(nats_server.url)

            await wait_for(delivered_again, what="the re-published copies stored and consumed")
            assert len(await applied_rows(sink)) == 5


def test_dps_dlq_lists_shows_and_replays_a_dead_letter(nats_server):
    event = ProbeHappened(occurred_at=datetime.now(UTC), n=42)
    service = f"cli{uuid4().hex[:6]}"

    async def one_letter() -> None:
        client = await nats.connect(nats_server.url)
        try:
            await dead_letters.publish_dead_letter(
                client.jetstream(),
                service=service,
                consumer=f"{service}-from-probe",
                subject=event.subject_name,
                data=body_for(event).encode(),
                headers=headers_for(event, "/care-dps/probe"),
                reason="rule_broken: testing the command",
                message_id=str(uuid4()),
                stream="DPS",
            )
        finally:
            await client.close()

    asyncio.run(one_letter())
    runner = CliRunner()
    url = ["--nats-url", nats_server.url]
    listed = runner.invoke(app, ["dlq", "list", service, *url])
    assert listed.exit_code == 0, listed.output
    assert str(event.id) in listed.output and "testing the command" in listed.output
    sequence = listed.output.split("\t", 1)[0]
    shown = runner.invoke(app, ["dlq", "show", service, sequence, *url])
    assert shown.exit_code == 0, shown.output
    assert '"n": 42' in shown.output
    replayed = runner.invoke(app, ["dlq", "replay", service, "--seq", sequence, *url])
    assert replayed.exit_code == 0, replayed.output
    assert "1 dead letters replayed" in replayed.output
    assert "no dead letters" in runner.invoke(app, ["dlq", "list", service, *url]).output
    copies = asyncio.run(stream_messages(nats_server.url, f"dps.replay.{service}.>"))
    assert [m.headers["ce-id"] for m in copies] == [str(event.id)]
    refused = runner.invoke(app, ["dlq", "replay", service, *url])
    assert refused.exit_code != 0 and "deliberate" in refused.output
