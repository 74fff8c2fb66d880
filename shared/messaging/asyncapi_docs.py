"""The AsyncAPI document lists what a service consumes, though FastStream does not consume it.

Consumers pull with nats-py directly (FastStream would handle a fetched batch concurrently,
out of order), so FastStream knows nothing of them. For the document, each handled event
is declared as a FastStream subscriber with the event's schema that is never started.
"""

from __future__ import annotations

from typing import Any

from faststream.nats import NatsBroker

from shared.messaging.consumer import EventConsumer


async def _never_runs() -> None:
    return None


def document_consumer(broker: NatsBroker, consumer: EventConsumer) -> None:
    """Declare ``consumer``'s events on ``broker`` for the AsyncAPI document only."""
    for event_class in consumer.handled_events:

        async def receive(event: Any) -> None:  # pragma: no cover - never started
            return None

        receive.__annotations__ = {"event": event_class, "return": None}
        subscriber = broker.subscriber(
            event_class.subject_name,
            title=f"{event_class.subject_name}:Subscribe",
            description=(
                f"{consumer.service} applies {event_class.__name__} "
                f"(durable {consumer.durable}): {(event_class.__doc__ or '').strip()}"
            ),
        )
        subscriber(receive)
        subscriber.start = _never_runs  # type: ignore[method-assign]
        subscriber.stop = _never_runs  # type: ignore[method-assign]
