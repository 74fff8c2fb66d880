"""Event consumers: a durable JetStream pull consumer per (service, producer), safe to repeat.

Every consumer
- uses an explicit ack policy, an ``ack_wait`` and a ``max_deliver`` bound (FastStream would
  otherwise drop a failing message);
- applies an event and records its id in the inbox in one transaction: an id already there
  is acknowledged and skipped, so a redelivery or a re-publication changes nothing;
- sends an event that fails validation, raises a domain error, or exhausts its deliveries to
  ``dps.dlq.<service>`` with the reason, acknowledges it, and goes on with the next one;
- shares its durable with the other replicas of the service, so they split the work.
One durable per producer keeps that producer's events in order for this service.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from faststream import AckPolicy
from faststream.nats import ConsumerConfig, DeliverPolicy, JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from nats.js import api as js_api
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError

from shared.clock import Clock
from shared.errors import DomainError
from shared.events.base import Event
from shared.messaging.tracing import current_traceparent, new_traceparent
from shared.uow import UnitOfWork

log = logging.getLogger("care_dps.consumer")

E = TypeVar("E", bound=Event)
Handler = Callable[[Any, Any], Awaitable[None]]


def dead_letter_subject(service: str) -> str:
    return f"dps.dlq.{service}"


async def _raw_body(message: Any) -> bytes:
    return bytes(message.body)


class ConsumerMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.outcomes = Counter(
            "dps_events_consumed",
            "Events consumed, by outcome (applied, duplicate, ignored, retried, dead_lettered)",
            ["consumer", "outcome"],
            registry=registry,
        )


class EventConsumer:
    """Routes one producer's events to this service's handlers, exactly once in effect."""

    def __init__(
        self,
        *,
        service: str,
        producer: str,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        stream: str = "DPS",
        ack_wait_seconds: float = 30.0,
        max_deliver: int = 5,
        max_ack_pending: int = 1000,
        retry_delay_seconds: float = 1.0,
        metrics_registry: CollectorRegistry | None = None,
    ) -> None:
        self.service = service
        self.producer = producer
        self.durable = f"{service}-from-{producer}"
        self.dead_letters = dead_letter_subject(service)
        self._uow_factory = uow_factory
        self._clock = clock
        self._stream = stream
        self._ack_wait = ack_wait_seconds
        self._max_deliver = max_deliver
        self._max_ack_pending = max_ack_pending
        self._retry_delay = retry_delay_seconds
        self._handlers: dict[str, tuple[type[Event], Handler]] = {}
        self._broker: NatsBroker | None = None
        self._metrics = ConsumerMetrics(metrics_registry)

    @property
    def events(self) -> list[type[Event]]:
        """The event classes this consumer applies (for the service's AsyncAPI document)."""
        return [event_class for event_class, _ in self._handlers.values()]

    def on(self, event_class: type[E]) -> Callable[[Handler], Handler]:
        """Register ``handler(event, uow)`` for one event class of this producer."""
        if not event_class.subject_name.startswith(f"dps.{self.producer}."):
            raise ValueError(f"{event_class.__name__} is not published by {self.producer}")

        def register(handler: Handler) -> Handler:
            self._handlers[event_class.subject_name] = (event_class, handler)
            return handler

        return register

    def bind(self, broker: NatsBroker) -> None:
        """Declare the durable pull subscriber on ``broker``."""
        self._broker = broker
        config = ConsumerConfig(
            durable_name=self.durable,
            filter_subject=f"dps.{self.producer}.>",
            ack_policy=js_api.AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait,
            # A little more than our own bound, so the final attempt can still be
            # dead-lettered even if publishing the dead letter fails once.
            max_deliver=self._max_deliver + 2,
            deliver_policy=DeliverPolicy.ALL,
            max_ack_pending=self._max_ack_pending,
        )
        self._config = config
        subscriber = broker.subscriber(
            f"dps.{self.producer}.>",
            stream=JStream(self._stream, declare=False),
            durable=self.durable,
            config=config,
            # One message per fetch: FastStream handles a fetched batch concurrently, which
            # would break the producer's order. A fetch returns as soon as a message is there.
            pull_sub=PullSub(batch_size=1, timeout=5.0),
            ack_policy=AckPolicy.MANUAL,
            decoder=_raw_body,  # we validate ourselves, to dead-letter what does not parse
            title=f"{self.service} consumes {self.producer} events",
            description=", ".join(sorted(self._handlers)) or None,
        )
        subscriber(self._on_message)

    async def reconcile(self) -> None:
        """Bring an existing durable to our settings (NATS keeps a durable's old config)."""
        assert self._broker is not None
        js = self._broker.connection.jetstream()
        await js.add_consumer(self._stream, self._config)

    async def _on_message(self, body: bytes, msg: NatsMessage) -> None:
        raw = msg.raw_message
        entry = self._handlers.get(raw.subject)
        if entry is None:
            self._metrics.outcomes.labels(self.durable, "ignored").inc()
            await msg.ack()
            return
        event_class, handler = entry
        headers = raw.headers or {}
        token = current_traceparent.set(new_traceparent(headers.get("traceparent")))
        try:
            try:
                event = event_class.model_validate_json(raw.data)
            except ValidationError as error:
                await self._dead_letter(msg, f"invalid {raw.subject}: {error}")
                return
            try:
                applied = await self._apply(event, handler)
            except DomainError as error:
                await self._dead_letter(msg, f"{error.code}: {error.message}")
                return
            except Exception as error:
                delivered = raw.metadata.num_delivered or 1
                if delivered >= self._max_deliver:
                    await self._dead_letter(msg, f"failed after {delivered} deliveries: {error!r}")
                    return
                log.warning(
                    "%s: %s failed (delivery %s): %r", self.durable, event.id, delivered, error
                )
                self._metrics.outcomes.labels(self.durable, "retried").inc()
                await msg.nack(delay=self._retry_delay * delivered)
                return
            self._metrics.outcomes.labels(self.durable, "applied" if applied else "duplicate").inc()
            await msg.ack()
        finally:
            current_traceparent.reset(token)

    async def _apply(self, event: Event, handler: Handler) -> bool:
        async with self._uow_factory() as uow:
            if await uow.already_applied(self.durable, event.id):
                return False
            await uow.mark_applied(self.durable, event.id, event.subject_name, self._clock.now())
            await handler(event, uow)
            await uow.commit()
            return True

    async def _dead_letter(self, msg: NatsMessage, reason: str) -> None:
        """Publish to ``dps.dlq.<service>`` with the reason, then ack; on failure, nack."""
        raw = msg.raw_message
        assert self._broker is not None
        headers = {k: v for k, v in (raw.headers or {}).items() if k != "Nats-Msg-Id"}
        sequence = raw.metadata.sequence.stream if raw.metadata else 0
        headers.update(
            {
                "dps-dlq-reason": reason[:2000],
                "dps-dlq-original-subject": raw.subject,
                "dps-dlq-consumer": self.durable,
                "dps-dlq-stream-sequence": str(sequence),
                "Nats-Msg-Id": f"dlq-{self.durable}-{sequence}",
            }
        )
        try:
            js = self._broker.connection.jetstream()
            await js.publish(self.dead_letters, raw.data, headers=headers, stream=self._stream)
        except Exception as error:
            log.error("%s: could not dead-letter (%r); will retry", self.durable, error)
            await msg.nack(delay=self._retry_delay)
            return
        log.error("%s: dead-lettered %s: %s", self.durable, raw.subject, reason)
        self._metrics.outcomes.labels(self.durable, "dead_lettered").inc()
        await msg.ack()
