"""The whole system on one machine: an embedded nats-server and the four services.

Each service runs as its own process (uvicorn) with its own SQLite file and port. Data lives
in one folder (``var/`` by default), so running again keeps it. The folder also holds the
run's lock (``dps-run.lock``, held by the running ``dps run``: a second run on the same
folder is refused) and its HS256 secret (``local-jwt-secret``, 0600, made on the first run,
read by ``dps token``) and the call-off service's key for people's identities
(``local-person-key``, 0600, likewise). A service that dies is restarted with a growing
delay. SIGINT or SIGTERM stops the services first, then nats-server.
"""

from __future__ import annotations

import asyncio
import base64
import fcntl
import importlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from shared.messaging.stream import ensure_stream
from shared.natsserver import NatsServer
from shared.settings import BaseServiceSettings

SERVICES = ("registry", "calloff", "evaluation", "contracts")
SECRET_FILE = "local-jwt-secret"
#: The run's shared clock: an offset from the wall clock (``dps clock``), read by every service.
CLOCK_FILE = "clock.json"
PERSON_KEY_FILE = "local-person-key"
LOCK_FILE = "dps-run.lock"
#: Restart delays grow from the first to the last; a service up this long starts over.
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
STABLE_SECONDS = 60.0


class LocalRunError(Exception):
    """Something stops a local run or command; the message is one line saying what to do."""


def settings_class(service: str) -> type[BaseServiceSettings]:
    """The ``<Name>Settings`` class of ``services/<service>/settings.py``."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; choose one of {', '.join(SERVICES)}")
    module = importlib.import_module(f"services.{service}.settings")
    return getattr(module, f"{service.capitalize()}Settings")  # type: ignore[no-any-return]


def database_url(data_dir: Path, service: str) -> str:
    """The SQLite store of ``service`` in a local run's data folder."""
    return f"sqlite+aiosqlite:///{(data_dir / 'data' / f'{service}.db').resolve()}"


def ensure_local_secret(data_dir: Path) -> str:
    """The data folder's HS256 secret, made (random, readable by its owner only) if missing."""
    _write_once(data_dir / SECRET_FILE, secrets.token_urlsafe(48))
    return read_local_secret(data_dir)


def ensure_local_person_key(data_dir: Path) -> str:
    """The data folder's Fernet key for people's identities in the call-off service (32
    random bytes, url-safe base64), made like the JWT secret if missing, kept across runs
    (the stored identities need it)."""
    path = data_dir / PERSON_KEY_FILE
    _write_once(path, base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip()


def _write_once(path: Path, value: str) -> bool:
    """Write ``value`` to a new file readable by its owner only; False if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value + "\n")
    return True


def read_local_secret(data_dir: Path) -> str:
    path = data_dir / SECRET_FILE
    try:
        secret = path.read_text().strip()
    except FileNotFoundError:
        raise LocalRunError(
            f"no local secret in {data_dir}/: start `dps run --data-dir {data_dir}` first"
            f" (it makes {path}), or pass the --data-dir of your run"
        ) from None
    if len(secret) < 32:
        raise LocalRunError(f"{path} holds no usable secret; delete it and start `dps run` again")
    return secret


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

    def environment(self, service: str, secret: str) -> dict[str, str]:
        prefix = service.upper() + "_"
        return {
            prefix + "DATABASE_URL": database_url(self.data_dir, service),
            prefix + "NATS_URL": f"nats://127.0.0.1:{self.nats_port}",
            prefix + "AUTH_MODE": "local",
            prefix + "JWT_SECRET": secret,
            prefix + "CLOCK_FILE": str((self.data_dir / CLOCK_FILE).resolve()),
        } | ({prefix + "PERSON_KEYS": ensure_local_person_key(self.data_dir)}
             if service == "calloff" else {})

    def ports(self) -> dict[int, str]:
        return {self.nats_port: "nats-server", **{self.port(s): s for s in SERVICES}}


def check_ports_free(plan: LocalPlan) -> None:
    for port, what in plan.ports().items():
        with socket.socket() as sock:
            # As uvicorn and nats-server bind: a port only in TIME_WAIT after the last run's
            # connections (a minute) is free to them, one listened on is not.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((plan.host, port))
            except OSError:
                raise LocalRunError(
                    f"port {port} (for {what}) is already taken on {plan.host}: stop what uses"
                    " it, or choose other ports with --nats-port / --base-port"
                ) from None


def hold_lock(data_dir: Path) -> IO[str]:
    """Lock the data folder for this run (released when the process ends, however it ends)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115 (held for the whole run)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise LocalRunError(
            f"{data_dir} is in use by another `dps run` (pid {holder}): stop it first,"
            " or choose another --data-dir"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


async def _prepare_stream(url: str) -> None:
    import nats

    client = await nats.connect(url, connect_timeout=5)
    try:
        await ensure_stream(client.jetstream())
    finally:
        await client.close()


@dataclass
class _Supervised:
    """One service process and its restart state."""

    service: str
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)
    failures: int = 0
    restart_at: float | None = None
    announced_healthy: bool = True


def start_service(
    plan: LocalPlan,
    service: str,
    secret: str,
    *,
    port: int | None = None,
    overrides: dict[str, str] | None = None,
    log_name: str | None = None,
) -> subprocess.Popen[bytes]:
    """One service process, as ``dps run`` starts it (the end-to-end tests start replicas of
    each the same way, with ``port``, other stores or servers in ``overrides``, and a log of
    their own)."""
    env = {**os.environ, **plan.environment(service, secret), **(overrides or {})}
    log = open(plan.data_dir / "logs" / f"{log_name or service}.log", "ab")  # noqa: SIM115
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
            str(port or plan.port(service)),
            "--no-access-log",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return process


def _healthy(plan: LocalPlan, service: str) -> bool:
    try:
        return httpx.get(plan.url(service) + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _wait_healthy(plan: LocalPlan, running: dict[str, _Supervised], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(running)
    while waiting and time.monotonic() < deadline:
        for service in sorted(waiting):
            if running[service].process.poll() is not None:
                raise LocalRunError(
                    f"{service} exited while starting; see {plan.data_dir}/logs/{service}.log"
                )
            if _healthy(plan, service):
                waiting.discard(service)
        time.sleep(0.2)
    if waiting:
        raise LocalRunError(
            f"not healthy within {timeout:.0f}s: {', '.join(sorted(waiting))};"
            f" see {plan.data_dir}/logs/"
        )


def _supervise(
    plan: LocalPlan, running: dict[str, _Supervised], secret: str, echo: Callable[[str], object]
) -> None:
    """Restart services that died, with a growing delay; say so, and say when they are back."""
    now = time.monotonic()
    for item in running.values():
        if item.restart_at is None and item.process.poll() is not None:
            if now - item.started >= STABLE_SECONDS:
                item.failures = 0
            delay = RESTART_DELAYS[min(item.failures, len(RESTART_DELAYS) - 1)]
            item.failures += 1
            item.restart_at = now + delay
            echo(
                f"{item.service} stopped unexpectedly (exit {item.process.returncode});"
                f" restarting in {delay:.0f}s (see {plan.data_dir}/logs/{item.service}.log)"
            )
        elif item.restart_at is not None and now >= item.restart_at:
            item.process = start_service(plan, item.service, secret)
            item.started, item.restart_at, item.announced_healthy = now, None, False
        elif not item.announced_healthy and item.process.poll() is None:
            if _healthy(plan, item.service):
                item.announced_healthy = True
                echo(f"{item.service} restarted and healthy at {plan.url(item.service)}")


def _stop(running: dict[str, _Supervised]) -> None:
    processes = [item.process for item in running.values()]
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_local(plan: LocalPlan, *, echo: Callable[[str], object] = print) -> int:
    """Start everything, print where it is, keep it running until SIGINT or SIGTERM."""
    lock = hold_lock(plan.data_dir)
    try:
        check_ports_free(plan)
        secret = ensure_local_secret(plan.data_dir)
        (plan.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        (plan.data_dir / "data").mkdir(parents=True, exist_ok=True)
        return _run(plan, secret, echo)
    finally:
        lock.close()


def _run(plan: LocalPlan, secret: str, echo: Callable[[str], object]) -> int:
    stop_requested = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    nats_server = NatsServer(plan.data_dir / "nats", port=plan.nats_port)
    running: dict[str, _Supervised] = {}
    try:
        nats_server.start()
        asyncio.run(_prepare_stream(nats_server.url))
        echo(f"nats-server  {nats_server.url}  (JetStream in {plan.data_dir / 'nats'})")
        for service in SERVICES:
            running[service] = _Supervised(service, start_service(plan, service, secret))
        _wait_healthy(plan, running, timeout=60)
        for service in SERVICES:
            url = plan.url(service)
            echo(f"{service:<12} {url}/docs  (events: {url}/asyncapi.json)")
        echo(
            f"Tokens: dps token --data-dir {plan.data_dir} --role commissioner."
            f" Ctrl-C stops everything; data stays in {plan.data_dir}"
        )
        echo("All services healthy.")
        while not stop_requested:
            if not nats_server.running:
                echo("nats-server stopped unexpectedly; restarting it")
                nats_server.start()
            _supervise(plan, running, secret, echo)
            time.sleep(0.2)
        return 0
    finally:
        _stop(running)
        nats_server.stop()
        echo("Stopped.")
