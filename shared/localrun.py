"""The whole system on one machine: an embedded nats-server and the four services.

Each service runs as its own process (uvicorn) with its own SQLite file and port. Data lives
in one folder (``var/`` by default), so running again keeps it. SIGINT or SIGTERM stops the
services first, then nats-server.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from shared.messaging.stream import ensure_stream
from shared.natsserver import NatsServer
from shared.settings import BaseServiceSettings

SERVICES = ("registry", "calloff", "evaluation", "contracts")


def settings_class(service: str) -> type[BaseServiceSettings]:
    """The ``<Name>Settings`` class of ``services/<service>/settings.py``."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; choose one of {', '.join(SERVICES)}")
    module = importlib.import_module(f"services.{service}.settings")
    return getattr(module, f"{service.capitalize()}Settings")


@dataclass(frozen=True)
class LocalPlan:
    data_dir: Path
    nats_port: int = 4250
    base_port: int = 8001
    host: str = "127.0.0.1"

    def port(self, service: str) -> int:
        return self.base_port + SERVICES.index(service)

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.port(service)}"

    def environment(self, service: str) -> dict[str, str]:
        prefix = service.upper() + "_"
        database = (self.data_dir / "data" / f"{service}.db").resolve()
        return {
            prefix + "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            prefix + "NATS_URL": f"nats://127.0.0.1:{self.nats_port}",
        }


async def _prepare_stream(url: str) -> None:
    import nats

    client = await nats.connect(url, connect_timeout=5)
    try:
        await ensure_stream(client.jetstream())
    finally:
        await client.close()


def _start_service(plan: LocalPlan, service: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, **plan.environment(service)}
    log = open(plan.data_dir / "logs" / f"{service}.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            f"services.{service}.main:create_app",
            "--factory",
            "--host",
            plan.host,
            "--port",
            str(plan.port(service)),
            "--no-access-log",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return process


def _wait_healthy(
    plan: LocalPlan, processes: dict[str, subprocess.Popen[bytes]], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(processes)
    while waiting and time.monotonic() < deadline:
        for service in sorted(waiting):
            if processes[service].poll() is not None:
                raise RuntimeError(f"{service} exited; see {plan.data_dir}/logs/{service}.log")
            try:
                if httpx.get(plan.url(service) + "/healthz", timeout=1).status_code == 200:
                    waiting.discard(service)
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    if waiting:
        raise RuntimeError(f"not healthy within {timeout}s: {', '.join(sorted(waiting))}")


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_local(plan: LocalPlan, *, echo=print) -> int:  # type: ignore[no-untyped-def]
    """Start everything, print where it is, and wait for SIGINT or SIGTERM."""
    (plan.data_dir / "logs").mkdir(parents=True, exist_ok=True)
    (plan.data_dir / "data").mkdir(parents=True, exist_ok=True)
    stop_requested = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    nats_server = NatsServer(plan.data_dir / "nats", port=plan.nats_port)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        nats_server.start()
        asyncio.run(_prepare_stream(nats_server.url))
        echo(f"nats-server  {nats_server.url}  (JetStream in {plan.data_dir / 'nats'})")
        for service in SERVICES:
            processes[service] = _start_service(plan, service)
        _wait_healthy(plan, processes, timeout=60)
        for service in SERVICES:
            url = plan.url(service)
            echo(f"{service:<12} {url}/docs  (events: {url}/asyncapi.json)")
        echo("All services healthy. Ctrl-C stops everything; data stays in " + str(plan.data_dir))
        while not stop_requested:
            for service, process in processes.items():
                if process.poll() is not None:
                    echo(
                        f"{service} stopped unexpectedly (exit {process.returncode}); stopping all"
                    )
                    return 1
            time.sleep(0.2)
        return 0
    finally:
        _stop(processes)
        nats_server.stop()
        echo("Stopped.")
