"""Faults injected at random moments while lifecycles run: a service replica SIGKILLed and
restarted, the broker stopped or killed and restarted (on a cluster: the stream leader
killed), and deliveries duplicated (a range of a service's sent events re-published, each
copy with a new message id, so JetStream delivers it again)."""

from __future__ import annotations

import asyncio
import importlib
import random
from collections import Counter
from dataclasses import dataclass, field

import nats
from sqlalchemy import func, select

from shared.db import make_engine, make_session_factory
from shared.messaging.outbox_rows import mark_for_republication
from shared.natsserver import NatsCluster, NatsServer
from tests.support.system import System


@dataclass
class Faults:
    system: System
    rng: random.Random
    #: Seconds between two faults (drawn uniformly).
    every: tuple[float, float] = (0.5, 2.5)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def kinds(self) -> list[str]:
        broker = "leader_killed" if self.on_cluster else "broker_restarted"
        # Crashes of services are the commonest fault, then duplicates, then the broker.
        return ["service_killed"] * 3 + ["deliveries_duplicated"] * 2 + [broker]

    @property
    def on_cluster(self) -> bool:
        return isinstance(self.system.nats, NatsCluster)

    async def run(self, stop: asyncio.Event) -> None:
        """Inject faults until ``stop`` is set; then leave every process running."""
        while True:
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.rng.uniform(*self.every))
                return
            except TimeoutError:
                pass
            kind = self.rng.choice(self.kinds)
            await getattr(self, kind)()
            self.counts[kind] += 1

    async def service_killed(self) -> None:
        replicas = [r for rs in self.system.replicas.values() for r in rs]
        replica = self.rng.choice(replicas)
        self.system.kill(replica)
        self.counts[f"service_killed:{replica.service}"] += 1
        await asyncio.sleep(self.rng.uniform(0.1, 2.0))  # down for a moment, as a pod is
        self.system.start(replica)

    async def broker_restarted(self) -> None:
        server = self.system.nats
        assert isinstance(server, NatsServer)
        # SIGKILL or a clean stop: JetStream syncs every write, so neither loses an ack.
        abruptly = self.rng.random() < 0.5
        await asyncio.to_thread(server.kill if abruptly else server.stop)
        self.counts["broker_killed" if abruptly else "broker_stopped"] += 1
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        await asyncio.to_thread(server.start)

    async def leader_killed(self) -> None:
        cluster = self.system.nats
        assert isinstance(cluster, NatsCluster)
        leader = await stream_leader(cluster)
        if leader is None:
            return
        node = cluster.node(leader)
        await asyncio.to_thread(node.kill)
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        await asyncio.to_thread(node.start)
        await asyncio.to_thread(cluster.wait_healthy, 60.0)

    async def deliveries_duplicated(self) -> None:
        service = self.rng.choice(list(self.system.replicas))
        outbox = importlib.import_module(f"services.{service}.store").outbox
        engine = make_engine(self.system.database_urls[service], pool_size=1, max_overflow=0)
        try:
            async with engine.connect() as connection:
                last = (await connection.execute(
                    select(func.max(outbox.c.position)).where(outbox.c.sent_at.is_not(None))
                )).scalar()
            if last is None:
                return
            marked = await mark_for_republication(
                make_session_factory(engine), outbox,
                from_position=max(1, last - self.rng.randint(1, 40)), to_position=last,
            )
        finally:
            await engine.dispose()
        self.counts["events_republished"] += marked

    async def heal(self) -> None:
        """Every process running again (a fault's restart may still be pending)."""
        await asyncio.to_thread(self.system.nats.start)
        for replicas in self.system.replicas.values():
            for replica in replicas:
                if replica.process is None or replica.process.poll() is not None:
                    self.system.start(replica)
        await self.system.wait_healthy()


async def stream_leader(cluster: NatsCluster) -> str | None:
    client = await nats.connect(cluster.servers, connect_timeout=2, max_reconnect_attempts=3)
    try:
        info = await client.jetstream().stream_info("DPS")
        return str(info.cluster.leader) if info.cluster and info.cluster.leader else None
    except Exception:  # noqa: BLE001 (no leader just now: an election; skip this fault)
        return None
    finally:
        await client.close()
