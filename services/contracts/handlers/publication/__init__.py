"""Publication's use cases: events in (``events``), notices due (``ticker``), the council's
choices and reads (``queries``). ``follow`` wires the events onto the service's consumers."""

from __future__ import annotations

from typing import Any

from services.contracts.handlers.publication.events import (
    calloff_handlers,
    contracts_handlers,
    evaluation_handlers,
    registry_handlers,
    then,
)
from services.contracts.handlers.publication.publisher import DEFAULT_OCID_PREFIX, Publisher


def publisher_for(runtime: Any) -> Publisher:
    settings = getattr(runtime, "settings", None)
    return Publisher(getattr(settings, "ocid_prefix", DEFAULT_OCID_PREFIX))


def follow(runtime: Any, registry: Any, evaluation: Any,
           already: dict[type[Any], Any]) -> None:
    """Publication's handlers on the service's consumers: the registry's and evaluation's
    (after ``already``, the handlers those events had), and new consumers of the call-off
    service's and this service's own events."""
    publisher = publisher_for(runtime)
    for consumer, handlers in ((registry, registry_handlers(publisher)),
                               (evaluation, evaluation_handlers(publisher))):
        for event_class, handler in handlers.items():
            before = already.get(event_class)
            consumer.on(event_class)(then(before, handler) if before else handler)
    calloff = runtime.consumer("calloff")
    for event_class, handler in calloff_handlers(publisher).items():
        calloff.on(event_class)(handler)
    own = runtime.consumer("contracts")
    for event_class, handler in contracts_handlers(publisher).items():
        own.on(event_class)(handler)
