"""What one running service is made of: store, broker, relay, consumers, tickers.

Each service's ``create_app(settings)`` builds one ``ServiceRuntime`` (nothing is built at
import) and hands it to ``shared.app.service_app``. Start-up upgrades the store, starts the
relay at once (events accumulate safely while NATS is away), and connects the broker in the
background, retrying until NATS answers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Generic, TypeVar

from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry
from sqlalchemy import MetaData, text

from shared.clock import Clock, SystemClock
from shared.db import is_postgres, make_engine, make_session_factory
from shared.documents import DocumentSpec
from shared.events.base import Event
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import OutboxRelay
from shared.migrations import upgrade
from shared.reads import KeptReads
from shared.settings import BaseServiceSettings
from shared.uow import UnitOfWork

log = logging.getLogger("care_dps.runtime")

U = TypeVar("U", bound=UnitOfWork)


class ServiceRuntime(Generic[U]):
    def __init__(
        self,
        *,
        settings: BaseServiceSettings,
        metadata: MetaData,
        uow_class: type[U],
        clock: Clock | None = None,
        documents: Sequence[DocumentSpec] = (),
    ) -> None:
        self.settings = settings
        self.service = settings.service_name
        self.clock: Clock = clock or settings.clock()
        #: The backbone's own bookkeeping (when a row was sent, parked or applied; retention
        #: and gap bounds) runs on real time: moving the business clock (a test, a local run's
        #: shared clock) must not purge kept events early or report a gap as overdue.
        self.plumbing_clock: Clock = SystemClock()
        self.metadata = metadata
        self.outbox = metadata.tables["outbox"]
        self.inbox = metadata.tables["inbox"]
        self.engine = make_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
        )
        self.session_factory = make_session_factory(self.engine)
        #: Hot reads of stored answers, on connections kept open (``shared.reads``).
        self.reads = KeptReads(self.engine)
        self._documents = tuple(documents)
        self.metrics_registry = CollectorRegistry()
        self._uow_class = uow_class
        self.broker = NatsBroker(
            settings.nats_servers,
            max_reconnect_attempts=-1,  # never give up: the outbox keeps events meanwhile
            reconnect_time_wait=0.5,
            connect_timeout=2,
            allow_reconnect=True,
            log_level=logging.DEBUG,  # one line per message is too much at INFO
        )
        self.relay = OutboxRelay(
            service=self.service,
            session_factory=self.session_factory,
            outbox=self.outbox,
            connection=lambda: self.broker.connection,
            clock=self.plumbing_clock,
            stream=settings.stream_name,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            max_backoff_seconds=settings.relay_max_backoff_seconds,
            publish_timeout_seconds=settings.publish_timeout_seconds,
            max_refusals=settings.relay_max_refusals,
            retention=timedelta(days=settings.outbox_retention_days),
            use_advisory_lock=is_postgres(settings.database_url),
            metrics_registry=self.metrics_registry,
        )
        self.consumers: list[EventConsumer] = []
        self.published: list[type[Event]] = []
        self._tickers: list[tuple[float, Callable[[], Awaitable[object]]]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self.broker_connected = False

    # Composition ---------------------------------------------------------------------------
    def uow(self) -> U:
        return self._uow_class(
            self.session_factory,
            outbox=self.outbox,
            inbox=self.inbox,
            source=self.settings.source,
            clock=self.clock,
            on_commit=self.relay.wake,
            documents=self._documents,
        )

    def consumer(self, producer: str) -> EventConsumer:
        """A durable consumer of ``producer``'s events; register handlers with ``.on(Event)``."""
        consumer = EventConsumer(
            service=self.service,
            producer=producer,
            uow_factory=self.uow,
            engine=self.engine,
            tables=self.metadata.tables,
            clock=self.plumbing_clock,
            database_ready=self.database_ready,
            stream=self.settings.stream_name,
            ack_wait_seconds=self.settings.consumer_ack_wait_seconds,
            max_deliver=self.settings.consumer_max_deliver,
            retry_delay_seconds=self.settings.consumer_retry_delay_seconds,
            batch_size=self.settings.consumer_batch_size,
            gap_report_seconds=self.settings.consumer_gap_report_seconds,
            sweep_seconds=self.settings.consumer_sweep_seconds,
            inbox_retention=timedelta(hours=self.settings.consumer_inbox_retention_hours),
            metrics_registry=self.metrics_registry,
        )
        self.consumers.append(consumer)
        return consumer

    def publishes(self, *events: type[Event]) -> None:
        """Document what this service publishes (AsyncAPI); the relay does the sending."""
        self.published.extend(events)

    def every(self, seconds: float, job: Callable[[], Awaitable[object]]) -> None:
        """Run ``job`` every ``seconds`` (deadlines: the job reads due rows from the store)."""
        self._tickers.append((seconds, job))

    # Life cycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        if self.settings.run_migrations:
            await upgrade(self.engine, self.service)
        self.relay.start()
        if self.settings.connect_nats:
            self._tasks.append(asyncio.create_task(self._connect_broker(), name="broker-connect"))
        for seconds, job in self._tickers:
            self._tasks.append(asyncio.create_task(self._tick(seconds, job)))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks.clear()
        for consumer in self.consumers:
            await consumer.stop()
        await self.relay.stop()
        try:
            await self.broker.stop()
        except Exception as error:  # already disconnected
            log.debug("broker stop: %r", error)
        await self.reads.close()
        await self.engine.dispose()

    async def _connect_broker(self) -> None:
        delay = 0.2
        while True:
            try:
                await self.broker.connect()
                # Before any pull starts: bring existing durables to our settings (an
                # update while a pull waits would cut that pull off).
                for consumer in self.consumers:
                    await consumer.reconcile(self.broker.connection)
                await self.broker.start()
                for consumer in self.consumers:
                    await consumer.start(self.broker.connection)
                self.broker_connected = True
                self.relay.wake()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning(
                    "%s: NATS not reachable yet (%r); retrying in %.1fs", self.service, error, delay
                )
                try:
                    await self.broker.stop()
                except Exception:
                    pass
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _tick(self, seconds: float, job: Callable[[], Awaitable[object]]) -> None:
        generation = getattr(self.clock, "generation", lambda: None)
        while True:
            # Read before the job: time moved while it runs brings the next pass at once.
            seen = generation()
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s: ticker job failed", self.service)
            await self._until_next_tick(seconds, seen)

    async def _until_next_tick(self, seconds: float, seen: int | None) -> None:
        """``seconds``, or less if a local run's shared clock is moved meanwhile (so a
        deadline that time was moved past is acted on at once)."""
        generation = getattr(self.clock, "generation", None)
        if generation is None:
            await asyncio.sleep(seconds)
            return
        deadline = time.monotonic() + seconds
        # The file is changed by another process: no event to wait on, so look every 0.2 s.
        while (left := deadline - time.monotonic()) > 0 and generation() == seen:  # noqa: ASYNC110
            await asyncio.sleep(min(left, 0.2))

    # Health --------------------------------------------------------------------------------
    def broker_alive(self) -> bool:
        if not self.settings.connect_nats:
            return True
        try:
            return self.broker_connected and self.broker.connection.is_connected
        except Exception:
            return False

    async def database_ready(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False
