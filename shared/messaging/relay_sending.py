"""Sending one round of outbox rows to JetStream, and reading what it answered.

Rows go as atomic batches where the stream takes them (``PipelinedPublisher.send_atomic``:
stored all or none, one fsync per batch); a batch refused whole, and every row after it, go
again one message each, pipelined. Each message's ``Nats-Msg-Id`` is its event id (a
re-published copy gets a new one), so JetStream drops a copy it already holds. The answer
says which rows were stored (a prefix, in position order), which can never be (set aside,
with why), and the first failure, where the round stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import nats.errors
import nats.js.errors

from shared.messaging.pipelined import (
    ATOMIC_DISABLED,
    ATOMIC_LIMIT,
    Outgoing,
    PipelinedPublisher,
)
from shared.messaging.relay_metrics import RelayMetrics

log = logging.getLogger("care_dps.relay")

#: JetStream error codes that no retry can mend: the message itself is refused.
_REFUSED_FOR_GOOD = {
    10054,  # message size exceeds maximum allowed
    10060,  # expected stream does not match
    10070,  # wrong last msg id
    10071,  # wrong last sequence
}


def _message_id(event_id: object, republished: int) -> str:
    """A re-published copy gets a new id, so JetStream's duplicate window lets it through."""
    return str(event_id) if not republished else f"{event_id}.republished.{republished}"


def _outgoing(row: Any) -> Outgoing:
    headers = dict(row.headers)
    headers["Nats-Msg-Id"] = _message_id(row.event_id, row.republished)
    return Outgoing(row.subject, row.payload.encode(), headers)


class TooLarge(Exception):
    """The row is over the broker's payload limit: it can never be published."""


def _refused_for_good(error: BaseException) -> bool:
    return isinstance(error, TooLarge | nats.errors.MaxPayloadError) or (
        isinstance(error, nats.js.errors.APIError) and error.err_code in _REFUSED_FOR_GOOD
    )


def _refused(error: BaseException) -> bool:
    """JetStream answered, and said no to this message (not: it is unavailable)."""
    return (
        isinstance(error, nats.js.errors.APIError)
        and not isinstance(error, nats.js.errors.NoStreamResponseError)
        and (error.code or 0) < 500
    )


class Sending:
    """How the relay sends a round (``OutboxRelay`` reads the rows and marks them)."""

    def __init__(
        self, *, service: str, timeout: float, max_refusals: int, metrics: RelayMetrics
    ) -> None:
        self.service = service
        self._timeout = timeout
        self._max_refusals = max_refusals
        self._metrics = metrics

    async def send(
        self, publisher: PipelinedPublisher, rows: Sequence[Any]
    ) -> tuple[list[int], list[tuple[int, str]], BaseException | None, int | None]:
        """Send every row, then read the answers in order.

        Returns the positions acknowledged before the first failure, the rows set aside
        (with why), and the first failure with its row (None if none). Rows go in atomic
        batches where the stream takes them; what a batch could not carry goes one by one.
        """
        sent: list[int] = []
        if publisher.atomic and len(rows) >= 2:
            sent = await self._atomic(publisher, rows)
            rows = rows[len(sent) :]
            if not rows:
                return sent, [], None, None
        more, set_aside, failure, failed_row = await self._each(publisher, rows)
        return sent + more, set_aside, failure, failed_row

    async def _atomic(
        self, publisher: PipelinedPublisher, rows: Sequence[Any]
    ) -> list[int]:
        """Send the rows in atomic batches of up to ``ATOMIC_LIMIT``, all before any answer.

        Returns the positions of the leading batches the stream stored, in order. A batch
        refused (a re-sent duplicate after a crash, an over-large message, the stream not
        allowing atomic batches) and the rows after it are left to ``_each``.
        """
        limit = publisher.max_payload()
        pending: list[tuple[list[int], asyncio.Future[Any]]] = []
        start = 0
        while start < len(rows):
            chunk = rows[start : start + ATOMIC_LIMIT]
            messages = []
            for row in chunk:
                message = _outgoing(row)
                if message.size > limit:
                    break
                messages.append(message)
            if len(messages) < 2:
                break
            try:
                future = await publisher.send_atomic(messages)
            except Exception:  # the connection: the one-by-one path finds out
                break
            pending.append(([row.position for row in chunk[: len(messages)]], future))
            if len(messages) < len(chunk):
                break  # an over-large row: it and the rows after it go one by one
            start += len(messages)
            # The batch leaves for the server (which stores it) while the next is built.
            await asyncio.sleep(0)
        answers = await publisher.collect([f for _, f in pending], self._timeout)
        sent: list[int] = []
        for (positions, _), answer in zip(pending, answers, strict=True):
            if isinstance(answer, BaseException):
                if getattr(answer, "err_code", None) == ATOMIC_DISABLED:
                    publisher.atomic = False
                    log.info("%s: the stream takes no atomic batches", self.service)
                else:
                    self._metrics.atomic_refused.inc()
                    log.info("%s: an atomic batch was refused (%s)", self.service, answer)
                break
            self._metrics.atomic_batches.inc()
            sent.extend(positions)
        return sent

    async def _each(
        self, publisher: PipelinedPublisher, rows: Sequence[Any]
    ) -> tuple[list[int], list[tuple[int, str]], BaseException | None, int | None]:
        """Send the rows one message each, pipelined; read the PubAcks in order."""
        limit = publisher.max_payload()
        pending: list[tuple[int, int, object]] = []  # position, attempts, future or error
        for row in rows:
            message = _outgoing(row)
            if message.size > limit:
                error: BaseException = TooLarge(
                    f"{message.size} bytes with headers, over the broker's payload limit"
                    f" of {limit}"
                )
                pending.append((row.position, row.attempts, error))
                continue
            try:
                future = await publisher.send(message)
            except nats.errors.MaxPayloadError as refused:
                pending.append((row.position, row.attempts, refused))
                continue
            except Exception as error:  # the connection: stop sending
                pending.append((row.position, row.attempts, error))
                break
            pending.append((row.position, row.attempts, future))
        futures = [f for _, _, f in pending if isinstance(f, asyncio.Future)]
        answers = iter(await publisher.collect(futures, self._timeout))
        sent: list[int] = []
        set_aside: list[tuple[int, str]] = []
        for position, attempts, outcome in pending:
            result = next(answers) if isinstance(outcome, asyncio.Future) else outcome
            if not isinstance(result, BaseException):
                sent.append(position)
                continue
            if _refused_for_good(result) or (
                _refused(result) and attempts + 1 >= self._max_refusals
            ):
                set_aside.append((position, f"{type(result).__name__}: {result}"))
                continue
            return sent, set_aside, result, position  # stop at the first failure: order
        return sent, set_aside, None, None
