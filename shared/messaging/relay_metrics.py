"""What the outbox relay counts (Prometheus), on the service's registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class RelayMetrics:
    def __init__(self, service: str, registry: CollectorRegistry | None) -> None:
        self.published = Counter(
            "dps_outbox_published", "Events the relay published", ["service"], registry=registry
        ).labels(service)
        self.failures = Counter(
            "dps_outbox_publish_failures", "Failed relay rounds", ["service"], registry=registry
        ).labels(service)
        self.unsent = Gauge(
            "dps_outbox_unsent", "Outbox rows waiting to be published", ["service"],
            registry=registry,
        ).labels(service)
        self.atomic_batches = Counter(
            "dps_outbox_atomic_batches",
            "Atomic batches the stream stored whole (several events, one fsync)",
            ["service"],
            registry=registry,
        ).labels(service)
        self.atomic_refused = Counter(
            "dps_outbox_atomic_refused",
            "Atomic batches refused whole, then sent one message each (a re-sent duplicate"
            " after a crash, say)",
            ["service"],
            registry=registry,
        ).labels(service)
        self.set_aside = Counter(
            "dps_outbox_set_aside",
            "Outbox rows the broker can never accept, set aside (alert on any)",
            ["service"],
            registry=registry,
        ).labels(service)
