"""The probe producer and sink consumer live in the benchmark package (it is installed)."""

from bench.harness import (  # noqa: F401
    ProbeHappened,
    applied,
    applied_count,
    applied_rows,
    commit_events,
    create_tables,
    metadata,
    probe_producer,
    settings,
    sink_consumer,
    wait_for,
)
