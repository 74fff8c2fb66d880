"""Reading a runtime's Prometheus metrics in a test."""

from __future__ import annotations

from typing import Any


def metric_value(runtime: Any, name: str, **labels: str) -> float:
    """The value of sample ``name`` (with these labels) on the runtime's registry; 0 if absent."""
    for metric in runtime.metrics_registry.collect():
        for sample in metric.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0
