"""Event consumers: one durable JetStream pull consumer per (service, producer).

A consumer
- applies each aggregate's events in version order (``shared.messaging.applying``): the
  next applies, an older one is a duplicate, a later one is parked until the gap fills, and
  a gap that outlives ``gap_report_seconds`` is reported (metric, log, dead letter);
- takes what has arrived in batches and applies a batch in one transaction; if that fails,
  it applies the batch's events one by one, so one bad event never takes its neighbours'
  effects down with it twice, nor blocks them;
- tells an outage from a bad event by asking the database whether it answers: an outage
  pauses the consumer (metric ``dps_consumer_paused``) and the same events are retried
  without limit once it answers; only bad events are dead-lettered to ``dps.dlq.<service>``
  (at once if they do not validate or break a domain rule, after ``max_deliver`` failed
  deliveries otherwise). The server-side ``max_deliver`` is unlimited, so an outage can
  never make JetStream give up on an event behind our back;
- reads its dead letters' replays (``dps.replay.<service>.<producer>.>``) as well;
- shares its durable with the other replicas of the service, so they split the work.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.js import api as js_api
from nats.js.client import JetStreamContext
from prometheus_client import CollectorRegistry
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.clock import Clock
from shared.errors import DomainError
from shared.events.base import Event
from shared.messaging import dead_letters
from shared.messaging.applying import Applier, BadEvent, Handler, Incoming
from shared.messaging.consumer_letters import Letters
from shared.messaging.consumer_metrics import ConsumerMetrics
from shared.messaging.consumer_outages import Outages
from shared.messaging.ordering import Key, OrderingStore, Parked
from shared.messaging.own_connection import OwnConnection
from shared.messaging.pull import PullFeed
from shared.messaging.relay import stop_task
from shared.messaging.sweep import Sweep
from shared.store_errors import is_transient
from shared.uow import UnitOfWork

log = logging.getLogger("care_dps.consumer")

E = TypeVar("E", bound=Event)
dead_letter_subject = dead_letters.dead_letter_subject
_TRANSIENT_RETRIES = 5
LINGER_SECONDS = 0.002


class EventConsumer:
    """Routes one producer's events to this service's handlers, in order, once in effect."""

    def __init__(
        self,
        *,
        service: str,
        producer: str,
        uow_factory: Callable[[], UnitOfWork],
        tables: Mapping[str, Table],
        clock: Clock,
        database_ready: Callable[[], Awaitable[bool]],
        stream: str = "DPS",
        ack_wait_seconds: float = 30.0,
        max_deliver: int = 5,
        max_ack_pending: int = 1000,
        retry_delay_seconds: float = 1.0,
        batch_size: int = 256,
        gap_report_seconds: float = 300.0,
        sweep_seconds: float = 10.0,
        inbox_retention: timedelta = timedelta(days=2),
        metrics_registry: CollectorRegistry | None = None,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.service = service
        self.producer = producer
        self.durable = f"{service}-from-{producer}"
        self.dead_letters = dead_letter_subject(service)
        self._replay_prefix = dead_letters.replay_prefix(service)
        self._uow_factory = uow_factory
        self._store = OrderingStore(
            tables["consumer_positions"], tables["parked_events"], self.durable
        )
        self._inbox = tables["inbox"]
        self._clock = clock
        self._database_ready = database_ready
        self._stream = stream
        self._ack_wait = ack_wait_seconds
        self._max_deliver = max_deliver
        self._max_ack_pending = max_ack_pending
        self._retry_delay = retry_delay_seconds
        self._batch_size = batch_size
        self._sweep_every = sweep_seconds
        self._handlers: dict[str, tuple[type[Event], Handler]] = {}
        self._applier = Applier(
            consumer=self.durable,
            handlers=self._handlers,
            uow_factory=uow_factory,
            store=self._store,
            inbox=self._inbox,
            clock=clock,
            # An event arriving in order is applied on a connection of the consumer's own,
            # its transaction run on the driver (PostgreSQL; elsewhere the pool's).
            own=OwnConnection(engine) if engine and OwnConnection.suits(engine) else None,
        )
        self._nc: NATS | None = None
        self._js: JetStreamContext | None = None
        self._feed: PullFeed | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._next_sweep = 0.0
        metrics = ConsumerMetrics.of(metrics_registry)
        self.metrics = metrics
        self._outcome = {
            name: metrics.outcomes.labels(self.durable, name)
            for name in ("applied", "duplicate", "parked", "ignored", "retried", "dead_lettered")
        }
        self._outages = Outages(
            consumer=self.durable,
            ack_wait_seconds=ack_wait_seconds,
            reachable={"database": database_ready, "broker": self._broker_connected},
            delivered=lambda: self._feed.waiting() if self._feed is not None else [],
            metrics=metrics,
        )
        self._letters = Letters(
            service=service,
            consumer=self.durable,
            stream=stream,
            jetstream=lambda: self._js,
            wait_for_broker=lambda: self._outages.pause("broker", []),
            counted=self._outcome["dead_lettered"],
        )
        self._sweep = Sweep(
            consumer=self.durable,
            store=self._store,
            inbox=self._inbox,
            uow_factory=uow_factory,
            clock=clock,
            gap_bound=timedelta(seconds=gap_report_seconds),
            inbox_retention=inbox_retention,
            drain=self.drain,
            dead_letter=self._letters.parked,
            metrics=metrics,
        )

    # Registration ---------------------------------------------------------------------------
    def on(self, event_class: type[E]) -> Callable[[Handler], Handler]:
        """Register ``handler(event, uow)`` for one event class of this producer."""
        if not event_class.subject_name.startswith(f"dps.{self.producer}."):
            raise ValueError(f"{event_class.__name__} is not published by {self.producer}")

        def register(handler: Handler) -> Handler:
            self._handlers[event_class.subject_name] = (event_class, handler)
            return handler

        return register

    @property
    def handled_events(self) -> list[type[Event]]:
        """The event classes this consumer applies (for the AsyncAPI document)."""
        return [event_class for event_class, _ in self._handlers.values()]

    #: The name the service kit's ``/asyncapi.json`` reads (``shared/app.py`` on main).
    events = handled_events

    @property
    def subjects(self) -> list[str]:
        return [
            f"dps.{self.producer}.>",
            dead_letters.replay_subject(self.service, f"dps.{self.producer}.>"),
        ]

    def consumer_config(self) -> js_api.ConsumerConfig:
        return js_api.ConsumerConfig(
            durable_name=self.durable,
            filter_subjects=self.subjects,
            ack_policy=js_api.AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait,
            max_deliver=-1,  # our own bound applies to bad events only; outages never count
            deliver_policy=js_api.DeliverPolicy.ALL,
            max_ack_pending=self._max_ack_pending,
        )

    # Life cycle ----------------------------------------------------------------------------
    async def reconcile(self, connection: NATS) -> None:
        """Create the durable, or bring an existing one to our settings."""
        await connection.jetstream().add_consumer(self._stream, self.consumer_config())

    async def start(self, connection: NATS) -> None:
        if self._task is not None:
            return
        self._stopping = False
        self._nc = connection
        self._js = connection.jetstream()
        self._feed = PullFeed(
            connection, stream=self._stream, durable=self.durable, batch=self._batch_size
        )
        await self._feed.start()
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.durable}")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish the batch in hand (cancelling a transaction mid-statement can leak its
        connection), then stop; cancel only if it takes longer than the grace."""
        self._stopping = True
        if self._feed is not None:
            self._feed.close()
        if self._task is not None:
            await stop_task(self._task, grace_seconds)
            self._task = None
        if self._feed is not None:
            await self._feed.stop()
            self._feed = None
        await self._applier.close()

    # The loop -------------------------------------------------------------------------------
    async def _run(self) -> None:
        assert self._feed is not None
        await self._applier.warm_up()
        backoff = 0.1
        while not self._stopping:
            try:
                messages = await self._feed.next_batch(wait=1.0)
                backoff = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the broker is away: the client reconnects
                log.debug("%s: pull failed (%r)", self.durable, error)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            try:
                if messages:
                    await self.handle(messages)
                    if len(messages) < self._batch_size and not self._stopping:
                        # Busy: linger a moment so the next batch gathers several events
                        # (one transaction for many); an event reaching an idle consumer
                        # is applied at once.
                        await asyncio.sleep(LINGER_SECONDS)
                if time.monotonic() >= self._next_sweep and not self._stopping:
                    self._next_sweep = time.monotonic() + self._sweep_every
                    await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception:  # never let the loop die; unacked events come back
                log.exception("%s: batch failed", self.durable)
                await asyncio.sleep(backoff)

    def _logical_subject(self, subject: str) -> str:
        if subject.startswith(self._replay_prefix):
            return "dps." + subject[len(self._replay_prefix) :]
        return subject

    async def handle(self, messages: list[Msg]) -> None:
        """Apply one batch: in one transaction if it can, else one event at a time."""
        items: list[Incoming] = []
        for msg in messages:
            headers = dict(msg.headers or {})
            subject = self._logical_subject(msg.subject)
            try:
                item = self._applier.decode(subject, msg.data, headers)
            except BadEvent as error:
                await self._letters.message(msg, subject, str(error))
                continue
            item.message = msg
            items.append(item)
        await self._apply_batch(items)

    async def _apply_batch(self, items: list[Incoming]) -> None:
        """One transaction for the lot; if one event fails, it alone is set apart.

        The events before it are applied again together, the one that failed is retried
        or dead-lettered on its own (never run again just to find out), and the batch goes
        on after it. A failure no single event owns falls back to one at a time.
        """
        while items:
            if len(items) == 1:
                await self._apply_alone(items[0])
                return
            try:
                await self._with_retries(partial(self._applier.apply, items, drain=True), items)
            except Exception as error:
                culprit = getattr(error, "dps_item", None)
                at = next((n for n, item in enumerate(items) if item is culprit), None)
                if at is None:
                    log.info("%s: batch failed (%r); one at a time", self.durable, error)
                    for item in items:
                        await self._apply_alone(item)
                    return
                if at:
                    await self._apply_batch(items[:at])
                await self._reject(items[at], error)
                items = items[at + 1 :]
            else:
                await self._settle(items)
                return

    async def _with_retries(self, work: Callable[[], Awaitable[Any]], items: list[Incoming]) -> Any:
        """Run ``work``; through an outage, wait and run it again, for as long as it takes."""
        transient = 0
        while True:
            try:
                return await work()
            except DomainError:
                raise
            except Exception as error:
                if not await self._database_ready():
                    held = [i.message for i in items if i.message is not None]
                    await self._outages.pause("database", held)
                    continue
                if is_transient(error) and transient < _TRANSIENT_RETRIES:
                    transient += 1
                    await asyncio.sleep(0.01 * transient)
                    continue
                raise

    async def _apply_alone(self, item: Incoming) -> None:
        try:
            ready = await self._with_retries(
                lambda: self._applier.apply([item], drain=False), [item]
            )
        except Exception as error:
            await self._reject(item, error)
            return
        await self._settle([item])
        for key in ready:
            await self.drain(key)

    async def _settle(self, items: list[Incoming]) -> None:
        """Acknowledge a committed batch and count its outcomes."""
        counts: dict[str, int] = {}
        for item in items:
            counts[item.outcome] = counts.get(item.outcome, 0) + 1
            try:
                await item.message.ack()
            except Exception:  # lost ack: the event comes back and is a duplicate
                pass
        for outcome, n in counts.items():
            self._outcome[outcome].inc(n)

    async def _reject(self, item: Incoming, error: Exception) -> None:
        """The event failed with the infrastructure up: dead letter, or retry later."""
        if isinstance(error, DomainError):
            reason = f"{error.code}: {error.message}"
            await self._letters.message(item.message, item.subject, reason)
            return
        msg = item.message
        delivered = msg.metadata.num_delivered or 1
        if delivered >= self._max_deliver:
            reason = f"failed after {delivered} deliveries: {error!r}"
            await self._letters.message(msg, item.subject, reason)
            return
        log.warning(
            "%s: %s failed (delivery %s): %r", self.durable, item.event_id, delivered, error
        )
        self._outcome["retried"].inc()
        try:
            await msg.nak(delay=self._retry_delay * delivered)
        except Exception:  # the event comes back after ack_wait
            pass

    async def drain(self, key: Key) -> None:
        """Apply the parked successors of ``key`` that are due, one transaction each."""
        while True:
            try:
                applied = await self._with_retries(lambda: self._applier.drain_one(key), [])
            except Exception as error:
                await self._drain_failed(key, error)
                return
            if applied is None:
                return
            self._outcome["applied"].inc()

    async def _drain_failed(self, key: Key, error: Exception) -> None:
        """A parked event failed to apply: dead-letter it if it is bad, else count the try."""
        parked = await self._next_parked(key)
        if parked is None:
            return
        if isinstance(error, DomainError | BadEvent) or parked.attempts + 1 >= self._max_deliver:
            reason = (
                f"{error.code}: {error.message}"
                if isinstance(error, DomainError)
                else f"failed after {parked.attempts + 1} attempts: {error!r}"
            )
            await self._letters.parked(parked, reason)
            await self._applier.set_aside_parked(parked, failed=None)
        else:
            log.warning("%s: parked %s failed: %r", self.durable, parked.event_id, error)
            await self._applier.set_aside_parked(parked, failed=repr(error))

    async def _next_parked(self, key: Key) -> Parked | None:
        store = self._store
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            position = (await store.lock(connection, [key]))[key]
            parked = (await store.parked_after(connection, [key])).get(key, {})
            return parked.get(position.version + 1)

    async def _broker_connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    # The sweep: a safety net, run between batches ------------------------------------------
    async def sweep(self) -> None:
        """Drain what is due, report gaps past their bound, purge the inbox, count parked."""
        await self._sweep.run()
