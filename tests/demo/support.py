"""A `dps run` started as the README's `make run` does, for the demo's tests; the demo run as
a newcomer runs it, in a second process; and its printed summary read back."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_block(size: int) -> int:
    """The first of ``size`` free loopback ports in a row."""
    for base in range(23000, 60000, 89):
        taken = False
        for port in range(base, base + size):
            with socket.socket() as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    taken = True
                    break
        if not taken:
            return base
    raise RuntimeError("no free block of ports")


def environment() -> dict[str, str]:
    """The shell's environment without what would point a run elsewhere."""
    return {k: v for k, v in os.environ.items()
            if not k.endswith(("_DATABASE_URL", "_JWT_SECRET")) and k != "DPS_DATA_DIR"}


@dataclass
class Run:
    data_dir: Path
    base_port: int
    process: subprocess.Popen[str]

    @property
    def registry(self) -> str:
        return f"http://127.0.0.1:{self.base_port}"


def start_run(data_dir: Path) -> Run:
    """`dps run` on free ports, once every service is healthy."""
    base = free_block(5)
    process = subprocess.Popen(
        [sys.executable, "-m", "shared.cli", "run", "--data-dir", str(data_dir),
         "--nats-port", str(base), "--base-port", str(base + 1)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment(),
        start_new_session=True, cwd=ROOT,
    )
    said = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        said.append(line.rstrip())
        if "All services healthy" in line:
            return Run(data_dir, base + 1, process)
    stop_run(process)
    raise AssertionError(f"`dps run` never became healthy: {said}")


def stop_run(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def dps(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """A `dps` command in a second shell."""
    return subprocess.run([sys.executable, "-m", "shared.cli", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=environment())


def one_line(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """A refusal: exit ``code`` (2: a usage error), nothing on stdout, one line on stderr."""
    assert done.returncode == code, done.stdout + done.stderr
    assert done.stdout == "", done.stdout
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.strip()


def rows(printed: str) -> dict[str, list[str]]:
    """The summary's table rows, by their label (the first cell): the other cells."""
    found: dict[str, list[str]] = {}
    for line in printed.splitlines():
        for bar in "│┃":  # rows, and the header
            if line.startswith(bar):
                cells = [c.strip() for c in line.strip().strip(bar).split(bar)]
                found.setdefault(cells[0], cells[1:])
    return found


def number(cell: str) -> int:
    return int(cell.replace(",", "").replace("£", "") or 0)
