"""How a consumer sends an event to its dead letters: the message it could not apply, or a
parked event (failed for good, or waiting behind a gap past its bound). A dead letter must
not be lost either: while the broker is away, the consumer waits for it (an outage)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from nats.aio.msg import Msg
from nats.js.client import JetStreamContext
from prometheus_client import Counter

from shared.messaging import dead_letters
from shared.messaging.ordering import Parked

log = logging.getLogger("care_dps.consumer")


class Letters:
    def __init__(
        self,
        *,
        service: str,
        consumer: str,
        stream: str,
        jetstream: Callable[[], JetStreamContext | None],
        wait_for_broker: Callable[[], Awaitable[None]],
        counted: Counter,
    ) -> None:
        self._service = service
        self._consumer = consumer
        self._stream = stream
        self._jetstream = jetstream
        self._wait_for_broker = wait_for_broker
        self._counted = counted

    async def _publish(self, **letter: Any) -> None:
        while True:
            try:
                js = self._jetstream()
                assert js is not None, "the consumer is not started"
                await dead_letters.publish_dead_letter(
                    js, service=self._service, consumer=self._consumer, stream=self._stream,
                    **letter,
                )
                return
            except Exception as error:
                log.error("%s: could not dead-letter (%r); waiting", self._consumer, error)
                await self._wait_for_broker()
                await asyncio.sleep(0.2)

    async def message(self, msg: Msg, subject: str, reason: str) -> None:
        """Dead-letter a message it could not apply, then acknowledge it."""
        sequence = msg.metadata.sequence.stream if msg.metadata else 0
        headers = dict(msg.headers or {})
        headers[dead_letters.ORIGINAL_SEQUENCE] = str(sequence)
        await self._publish(
            subject=subject,
            data=msg.data,
            headers=headers,
            reason=reason,
            message_id=f"dlq-{self._consumer}-{sequence}",
        )
        log.error("%s: dead-lettered %s: %s", self._consumer, subject, reason)
        self._counted.inc()
        try:
            await msg.ack()
        except Exception:  # the event comes back, and goes to the letters again
            pass

    async def parked(self, parked: Parked, reason: str, *, tag: str = "") -> None:
        """Dead-letter a parked event (the caller decides whether it stays parked)."""
        await self._publish(
            subject=parked.subject,
            data=parked.payload.encode(),
            headers=parked.headers,
            reason=reason,
            message_id=f"dlq-{self._consumer}-{parked.event_id}{tag}",
        )
        log.error("%s: dead-lettered parked %s: %s", self._consumer, parked.subject, reason)
        self._counted.inc()
