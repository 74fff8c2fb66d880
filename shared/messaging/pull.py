"""A JetStream pull feed: messages as soon as they are stored, in batches when they pile up.

nats-py's ``fetch(n)`` waits until it has ``n`` messages or its timeout passes, which costs a
lone event the whole timeout, and FastStream hands a fetched batch to concurrent handlers,
which breaks order. This keeps pull requests outstanding on the durable (like nats.go's
``Consume``): the server pushes each message to our inbox as soon as it is stored, and
``next_batch`` returns whatever has arrived, up to a batch, in stream order. Requests are
topped up when fewer than half a batch remain outstanding, and forgotten when the server
says they expired or when nothing at all came back for longer than they live (after a
reconnect the server no longer knows them).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque

from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription


class PullFeed:
    def __init__(
        self,
        connection: NATS,
        *,
        stream: str,
        durable: str,
        batch: int = 256,
        expires_seconds: float = 2.0,
    ) -> None:
        self._nc = connection
        self._next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}"
        self._batch = batch
        self._expires = expires_seconds
        self._buffer: deque[Msg] = deque()
        self._arrived = asyncio.Event()
        self._outstanding = 0
        self._last_heard = 0.0
        self._inbox = ""
        self._sub: Subscription | None = None
        self._closed = False

    async def start(self) -> None:
        self._inbox = self._nc.new_inbox()
        self._sub = await self._nc.subscribe(
            self._inbox,
            cb=self._receive,
            pending_msgs_limit=-1,
            pending_bytes_limit=-1,
        )

    def close(self) -> None:
        """Hand out nothing more: the reader returns at once (what came stays unacked)."""
        self._closed = True
        self._arrived.set()

    async def stop(self) -> None:
        if self._sub is not None:
            try:
                await self._sub.unsubscribe()
            except Exception:  # the connection is already gone
                pass
            self._sub = None

    async def _receive(self, msg: Msg) -> None:
        self._last_heard = time.monotonic()
        headers = msg.headers or {}
        status = headers.get("Status")
        if status:
            if status == "100":  # idle heartbeat
                return
            # 408 request expired, 409 limits or leadership change: that request is over,
            # and the server says how many of its messages it will no longer send.
            try:
                pending = int(headers.get("Nats-Pending-Messages", self._outstanding))
            except ValueError:
                pending = self._outstanding
            self._outstanding = max(0, self._outstanding - pending)
            self._arrived.set()  # wake the reader, so it asks again at once
            return
        self._outstanding = max(0, self._outstanding - 1)
        self._buffer.append(msg)
        self._arrived.set()

    async def _top_up(self) -> None:
        now = time.monotonic()
        if self._outstanding and now - self._last_heard > self._expires + 1.0:
            self._outstanding = 0  # requests lost with a reconnect
        if self._outstanding * 2 > self._batch:
            return
        request = {"batch": self._batch, "expires": int(self._expires * 1_000_000_000)}
        await self._nc.publish(self._next_subject, json.dumps(request).encode(), reply=self._inbox)
        if not self._outstanding:
            self._last_heard = now
        self._outstanding += self._batch

    def waiting(self) -> list[Msg]:
        """Messages received and not yet handed out (to keep them alive during a pause)."""
        return list(self._buffer)

    async def next_batch(self, wait: float) -> list[Msg]:
        """Up to a batch of messages in stream order; empty if none came within ``wait``."""
        deadline = time.monotonic() + wait
        while not self._buffer:
            if self._closed:
                return []
            await self._top_up()
            self._arrived.clear()
            if self._buffer:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                async with asyncio.timeout(remaining):  # (no task of its own, as wait_for's)
                    await self._arrived.wait()
            except TimeoutError:
                return []
        if self._closed:
            return []
        batch = []
        while self._buffer and len(batch) < self._batch:
            batch.append(self._buffer.popleft())
        await self._top_up()
        return batch
