"""The one JetStream stream, ``DPS``, that captures every subject ``dps.>``.

Its definition lives here (for the embedded runner and the tests) and in ``deploy/`` (for
Kubernetes); services never declare it.
"""

from __future__ import annotations

from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError

STREAM_NAME = "DPS"
STREAM_SUBJECTS = ["dps.>"]
#: Publishes with the same Nats-Msg-Id inside this window are stored once.
DUPLICATE_WINDOW_SECONDS = 24 * 60 * 60


def stream_config(name: str = STREAM_NAME, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=name,
        subjects=list(STREAM_SUBJECTS),
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        max_age=365 * 24 * 60 * 60,
        num_replicas=replicas,
        # The relay sends what has piled up as atomic batches: one fsync per batch.
        allow_atomic=True,
    )


async def ensure_stream(
    js: JetStreamContext, name: str = STREAM_NAME, replicas: int = 1
) -> None:
    """Create the stream, or bring an existing one to this definition (``replicas``: 3 on a
    three-node cluster, as in production)."""
    config = stream_config(name, replicas)
    try:
        await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(config)
    else:
        await js.update_stream(config)
