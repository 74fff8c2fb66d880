"""The whole system as separate processes, as ``dps run`` starts them, for end-to-end tests.

``running_system`` starts a nats-server (or a three-node JetStream cluster), then each of the
four services as its own uvicorn process (``shared.localrun.start_service``, the command
``dps run`` uses), ``replicas`` of each, on PostgreSQL (a database per service, shared by
its replicas) when ``DATABASE_URL`` is set, else SQLite. Every process reads the run's shared
clock file, so a test moves time for all of them (``System.advance``). A test talks to the
services through their public HTTP APIs only, and may SIGKILL and restart any process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.support import fresh_database, prepare_stream
from shared.clock import move_clock
from shared.http.tokens import mint_token
from shared.localrun import (
    CLOCK_FILE,
    SERVICES,
    LocalPlan,
    ensure_local_secret,
    start_service,
)
from shared.natsserver import NatsCluster, NatsServer, free_port

#: Settings that make a test run brisk without changing what the services do.
BRISK = {
    "RELAY_POLL_SECONDS": "0.2",
    "RELAY_MAX_BACKOFF_SECONDS": "1",
    "CONSUMER_ACK_WAIT_SECONDS": "5",
    "CONSUMER_RETRY_DELAY_SECONDS": "0.1",
    "TICKER_SECONDS": "2",
}


@dataclass
class Replica:
    service: str
    index: int
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def name(self) -> str:
        return f"{self.service}-{self.index}"


@dataclass
class System:
    plan: LocalPlan
    secret: str
    nats: NatsServer | NatsCluster
    database_urls: dict[str, str]
    replicas: dict[str, list[Replica]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    # --- processes ---------------------------------------------------------------------

    def environment(self, service: str) -> dict[str, str]:
        prefix = service.upper() + "_"
        return {
            prefix + "DATABASE_URL": self.database_urls[service],
            prefix + "NATS_URL": self.nats.url,
            **{prefix + key: value for key, value in {**BRISK, **self.extra}.items()},
        }

    def start(self, replica: Replica) -> None:
        replica.process = start_service(
            self.plan, replica.service, self.secret, port=replica.port,
            overrides=self.environment(replica.service), log_name=replica.name,
        )

    def kill(self, replica: Replica) -> None:
        """SIGKILL, as a crash would: nothing is flushed, no lifespan runs."""
        if replica.process is not None and replica.process.poll() is None:
            os.kill(replica.process.pid, signal.SIGKILL)
            replica.process.wait()

    def stop_all(self) -> None:
        processes = [r.process for rs in self.replicas.values() for r in rs if r.process]
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def url(self, service: str, replica: int = 0) -> str:
        return self.replicas[service][replica].url

    async def wait_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2) as client:
            for replicas in self.replicas.values():
                for replica in (r for r in replicas if r.process is not None):
                    while True:
                        if replica.process is not None and replica.process.poll() is not None:
                            log = self.plan.data_dir / "logs" / f"{replica.name}.log"
                            raise AssertionError(
                                f"{replica.name} exited: {log.read_text()[-3000:]}"
                            )
                        try:
                            if (await client.get(replica.url + "/readyz")).status_code == 200:
                                break
                        except httpx.HTTPError:
                            pass
                        if time.monotonic() > deadline:
                            raise AssertionError(f"{replica.name} not ready in {timeout}s")
                        await asyncio.sleep(0.1)

    # --- time and callers ----------------------------------------------------------------

    def advance(self, by: timedelta) -> None:
        """Move time for every process of the run at once."""
        move_clock(self.plan.data_dir / CLOCK_FILE, by=by)

    def token(self, role: str, organisation: str = "staffordshire-cc",
              subject: str = "officer-1", **claims: Any) -> dict[str, str]:
        token = mint_token(self.secret, subject=subject, organisation=organisation,
                           roles=[role], **claims)
        return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running_system(
    tmp: Path,
    *,
    backend: str = "",
    cluster: bool = False,
    replicas: int = 1,
    services: tuple[str, ...] = SERVICES,
    **settings: str,
) -> AsyncIterator[System]:
    """Start nats and the services; stop everything (and drop the databases) at the end."""
    async with AsyncExitStack() as stack:
        plan = LocalPlan(data_dir=tmp)
        secret = ensure_local_secret(tmp)
        (tmp / "logs").mkdir(parents=True, exist_ok=True)
        nats: NatsServer | NatsCluster
        if cluster:
            nats = NatsCluster(tmp / "nats")
            nats.start()
            stack.callback(nats.stop)
            await prepare_stream(nats.url, replicas=3)
        else:
            nats = NatsServer(tmp / "nats")
            nats.start()
            stack.callback(nats.stop)
            await prepare_stream(nats.url)
        urls = {
            service: await stack.enter_async_context(fresh_database(tmp, service, backend))
            for service in services
        }
        system = System(plan=plan, secret=secret, nats=nats, database_urls=urls,
                        extra=dict(settings))
        stack.callback(system.stop_all)
        for service in services:
            system.replicas[service] = [
                Replica(service, i, free_port()) for i in range(replicas)
            ]
            # The first replica migrates the store before the others start, as a deploy's
            # migration job would.
            system.start(system.replicas[service][0])
        await system.wait_healthy()
        for service in services:
            for replica in system.replicas[service][1:]:
                system.start(replica)
        await system.wait_healthy()
        yield system
