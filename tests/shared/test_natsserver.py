"""The embedded nats-server: loopback only, JetStream fsyncs every write, data kept."""

from __future__ import annotations

import nats
import pytest

from shared.messaging.stream import STREAM_NAME, ensure_stream
from shared.natsserver import NatsServer, nats_server_binary, server_config


def test_config_fsyncs_every_write_and_listens_on_loopback_only(tmp_path):
    text = server_config(4999, tmp_path / "js")
    assert "sync_interval: always" in text
    assert "host: 127.0.0.1" in text


def test_binary_is_the_pinned_one_from_our_environment():
    assert ".venv" in nats_server_binary() or "site-packages" in nats_server_binary() \
        or nats_server_binary().endswith("nats-server")


@pytest.mark.nats
async def test_acknowledged_event_survives_a_kill_and_restart(tmp_path):
    server = NatsServer(tmp_path / "nats")
    server.start()
    try:
        client = await nats.connect(server.url)
        js = client.jetstream()
        await ensure_stream(js)
        ack = await js.publish("dps.test.kept.v1", b"{}", headers={"Nats-Msg-Id": "kept-1"})
        await client.close()
        server.kill()  # no clean shutdown
        server.start()
        client = await nats.connect(server.url)
        info = await client.jetstream().stream_info(STREAM_NAME)
        await client.close()
    finally:
        server.stop()
    assert info.state.last_seq == ack.seq
    assert info.state.messages == 1


def test_a_free_port_is_never_one_the_system_may_give_an_outgoing_connection():
    """A server restarted on its port finds it free: the ports handed to outgoing
    connections (where binding port 0 picks) are never chosen."""
    from pathlib import Path

    from shared.natsserver import free_port

    ranges = Path("/proc/sys/net/ipv4/ip_local_port_range")
    if not ranges.exists():
        pytest.skip("the outgoing port range is read from Linux's /proc")
    low = int(ranges.read_text().split()[0])
    ports = {free_port() for _ in range(50)}
    assert all(10_000 <= port < low for port in ports), sorted(ports)
