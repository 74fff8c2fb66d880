"""A three-node JetStream cluster on loopback, as production runs it: the DPS stream has
three replicas, and killing its leader loses no acknowledged event."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nats
import pytest

from bench.support import prepare_stream
from shared.natsserver import NatsCluster

pytestmark = [pytest.mark.nats, pytest.mark.slow]


async def stream_leader(cluster: NatsCluster) -> str:
    client = await nats.connect(cluster.servers)
    try:
        for _ in range(200):
            info = await client.jetstream().stream_info("DPS")
            if info.cluster and info.cluster.leader:
                return str(info.cluster.leader)
            await asyncio.sleep(0.05)
        raise AssertionError("the DPS stream has no leader")
    finally:
        await client.close()


async def test_killing_the_stream_leader_loses_no_acknowledged_event(tmp_path: Path):
    cluster = NatsCluster(tmp_path)
    cluster.start()
    try:
        await prepare_stream(cluster.url, replicas=3)
        client = await nats.connect(cluster.servers, max_reconnect_attempts=-1,
                                    reconnect_time_wait=0.2)
        js = client.jetstream()
        acked = []
        for n in range(50):
            await js.publish("dps.probe.happened.v1", str(n).encode(),
                             headers={"Nats-Msg-Id": f"before-{n}"})
            acked.append(n)
        leader = await stream_leader(cluster)
        cluster.node(leader).kill()
        for n in range(50, 100):
            for _ in range(200):  # a new leader is elected within a few seconds
                try:
                    await js.publish("dps.probe.happened.v1", str(n).encode(),
                                     headers={"Nats-Msg-Id": f"after-{n}"}, timeout=1)
                    break
                except Exception:
                    await asyncio.sleep(0.1)
            acked.append(n)
        new_leader = await stream_leader(cluster)
        assert new_leader != leader
        info = await js.stream_info("DPS")
        assert info.config.num_replicas == 3
        assert info.state.messages == 100
        cluster.node(leader).start()
        await client.close()
    finally:
        cluster.stop()
