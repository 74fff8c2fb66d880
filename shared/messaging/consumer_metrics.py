"""What a consumer tells Prometheus: outcomes, pauses for outages, parked events, gaps."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Gauge

_BY_REGISTRY: WeakKeyDictionary[CollectorRegistry, ConsumerMetrics] = WeakKeyDictionary()


class ConsumerMetrics:
    @classmethod
    def of(cls, registry: CollectorRegistry | None) -> ConsumerMetrics:
        """One set per registry: a service's consumers (one per producer it follows)
        share it, each under its own ``consumer`` label."""
        if registry is None:
            return cls(None)
        found = _BY_REGISTRY.get(registry)
        if found is None:
            found = _BY_REGISTRY[registry] = cls(registry)
        return found

    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.outcomes = Counter(
            "dps_events_consumed",
            "Events consumed, by outcome (applied, duplicate, parked, ignored, retried,"
            " dead_lettered)",
            ["consumer", "outcome"],
            registry=registry,
        )
        self.paused = Gauge(
            "dps_consumer_paused",
            "1 while a consumer waits for its database or the broker to come back",
            ["consumer"],
            registry=registry,
        )
        self.outages = Counter(
            "dps_consumer_outages",
            "Times a consumer paused for an outage, by what was down",
            ["consumer", "what"],
            registry=registry,
        )
        self.parked = Gauge(
            "dps_consumer_parked", "Events parked behind a gap", ["consumer"], registry=registry
        )
        self.gaps = Counter(
            "dps_consumer_gaps_reported",
            "Parked events reported because their gap outlived its bound",
            ["consumer"],
            registry=registry,
        )
