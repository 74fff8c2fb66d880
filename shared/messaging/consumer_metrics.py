"""What a consumer tells Prometheus: outcomes, pauses for outages, parked events, gaps."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Gauge

_SHARED: WeakKeyDictionary[CollectorRegistry, ConsumerMetrics] = WeakKeyDictionary()


class ConsumerMetrics:
    @classmethod
    def of(cls, registry: CollectorRegistry | None) -> ConsumerMetrics:
        """The metrics of every consumer of one service (one registry): a service that
        consumes two producers' events has two consumers, told apart by the label."""
        if registry is None:
            return cls(None)
        if registry not in _SHARED:
            _SHARED[registry] = cls(registry)
        return _SHARED[registry]

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
