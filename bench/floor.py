"""The floor of one hop: the least a durable hop can do, with no framework at all.

Producer: BEGIN; INSERT the event row; COMMIT (asyncpg, or aiosqlite on SQLite). Then a
JetStream publish, acknowledged (the server runs with ``sync_interval: always``). Consumer:
a pull consumer that BEGINs, INSERTs its effect, COMMITs and acks. In a burst the producer
commits each event as it comes, a publisher sends whatever has been committed pipelined
(all sent, then the acks awaited), and the consumer takes up to 256 messages per
transaction. The project's hop is measured against this, in the same run.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
import asyncpg
import nats
from nats.js import api
from sqlalchemy.engine import make_url

from bench.support import asyncpg_dsn

SUBJECT = "dps.floor.happened.v1"
DURABLE = "floor"
BATCH = 256


class Store:
    """One kept connection; ``run`` executes statements in one transaction."""

    def __init__(self, url: str) -> None:
        self._url = make_url(url)
        self._pg: asyncpg.Connection | None = None
        self._lite: aiosqlite.Connection | None = None

    async def open(self, ddl: str) -> None:
        if self._url.get_backend_name() == "postgresql":
            self._pg = await asyncpg.connect(asyncpg_dsn(self._url.render_as_string(False)))
            await self._pg.execute(ddl)
        else:
            self._lite = await aiosqlite.connect(self._url.database or ":memory:")
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                await self._lite.execute(f"PRAGMA {pragma}")
            await self._lite.execute(ddl)
            await self._lite.commit()

    async def insert(self, table: str, rows: list[tuple[str, int]]) -> None:
        if self._pg is not None:
            async with self._pg.transaction():
                if len(rows) == 1:
                    await self._pg.execute(f"INSERT INTO {table} VALUES ($1, $2)", *rows[0])
                else:
                    await self._pg.executemany(f"INSERT INTO {table} VALUES ($1, $2)", rows)
            return
        assert self._lite is not None
        await self._lite.execute("BEGIN")
        await self._lite.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
        await self._lite.commit()

    async def close(self) -> None:
        if self._pg is not None:
            await self._pg.close()
        if self._lite is not None:
            await self._lite.close()


class Floor:
    """Both ends of the hop; either alone when the other runs in a process of its own
    (``producer_url`` or ``sink_url`` None)."""

    def __init__(self, producer_url: str | None, sink_url: str | None, nats_url: str) -> None:
        self._producer = Store(producer_url) if producer_url else None
        self._sink = Store(sink_url) if sink_url else None
        self._nats_url = nats_url
        self.applied_at: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._producer is not None:
            await self._producer.open("CREATE TABLE events (id TEXT PRIMARY KEY, n INTEGER)")
        self._nc = await nats.connect(self._nats_url)
        self._js = self._nc.jetstream()
        if self._sink is not None:
            await self._sink.open("CREATE TABLE effects (id TEXT PRIMARY KEY, n INTEGER)")
            await self._js.add_consumer(
                "DPS",
                api.ConsumerConfig(
                    durable_name=DURABLE,
                    filter_subject=SUBJECT,
                    ack_policy=api.AckPolicy.EXPLICIT,
                    max_ack_pending=4 * BATCH,
                ),
            )
            self._task = asyncio.create_task(self._consume())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        await self._nc.close()
        for store in (self._producer, self._sink):
            if store is not None:
                await store.close()

    async def _consume(self) -> None:
        """Pull requests kept outstanding; each arrival batch is one transaction."""
        inbox = self._nc.new_inbox()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        outstanding = 0

        async def arrived(msg: Any) -> None:
            nonlocal outstanding
            if msg.headers and msg.headers.get("Status"):
                outstanding = 0  # the request expired: wake the loop to ask again
                queue.put_nowait(None)
                return
            outstanding -= 1
            queue.put_nowait(msg)

        await self._nc.subscribe(inbox, cb=arrived)
        next_subject = f"$JS.API.CONSUMER.MSG.NEXT.DPS.{DURABLE}"
        while True:
            if outstanding <= BATCH // 2:
                request = json.dumps({"batch": BATCH, "expires": 2_000_000_000}).encode()
                await self._nc.publish(next_subject, request, reply=inbox)
                outstanding += BATCH
            try:
                first = await asyncio.wait_for(queue.get(), timeout=3.0)
            except TimeoutError:
                outstanding = 0
                continue
            batch = [first] if first is not None else []
            while len(batch) < BATCH and not queue.empty():
                msg = queue.get_nowait()
                if msg is not None:
                    batch.append(msg)
            if not batch:
                continue
            rows = [(m.headers["Nats-Msg-Id"], int(m.data)) for m in batch]
            assert self._sink is not None
            await self._sink.insert("effects", rows)
            done = time.perf_counter()
            for msg, (event_id, _) in zip(batch, rows, strict=True):
                await msg.ack()
                self.applied_at[event_id] = done

    async def commit_one(self, n: int) -> tuple[str, float]:
        event_id = str(uuid.uuid4())
        assert self._producer is not None
        await self._producer.insert("events", [(event_id, n)])
        return event_id, time.perf_counter()

    async def publish(self, items: list[tuple[str, int]]) -> None:
        """Send all, then collect the acks."""
        futures = [
            await self._js.publish_async(SUBJECT, str(n).encode(), headers={"Nats-Msg-Id": i})
            for i, n in items
        ]
        await asyncio.gather(*futures)

    async def hop(self, n: int) -> tuple[str, float]:
        event_id, committed = await self.commit_one(n)
        await self._js.publish(SUBJECT, str(n).encode(), headers={"Nats-Msg-Id": event_id})
        return event_id, committed

    async def burst(self, count: int) -> list[str]:
        """Commit ``count`` events one by one while a publisher sends what is committed."""
        queue: asyncio.Queue[tuple[str, int] | None] = asyncio.Queue()

        async def publisher() -> None:
            finished = False
            while not finished:
                items = [await queue.get()]
                while not queue.empty():
                    items.append(queue.get_nowait())
                if items[-1] is None:
                    finished = True
                await self.publish([i for i in items if i is not None])

        sending = asyncio.create_task(publisher())
        ids = []
        for n in range(count):
            event_id, _ = await self.commit_one(n)
            ids.append(event_id)
            queue.put_nowait((event_id, n))
            await asyncio.sleep(0)
        queue.put_nowait(None)
        await sending
        return ids


async def wait_all(
    ids: list[Any],
    applied_at: dict[Any, float],
    timeout: float,
    tick: Callable[[], Awaitable[None]],
) -> None:
    """Wait until every id is applied; cheap per tick (ids apply roughly in order)."""
    deadline = time.perf_counter() + timeout
    waiting = deque(ids)
    while waiting:
        while waiting and waiting[0] in applied_at:
            waiting.popleft()
        if not waiting:
            return
        if time.perf_counter() > deadline:
            missing = sum(i not in applied_at for i in waiting)
            raise SystemExit(f"{missing} events not applied within {timeout}s")
        await tick()
