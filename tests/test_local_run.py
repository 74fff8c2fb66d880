"""The quick start's run command, as a newcomer would use it: a real subprocess.

It starts nats-server and the four services, each healthy; a DPS opened at the registry
reaches the three other services over NATS; SIGTERM leaves no process behind; a second run
keeps the data.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shared.localrun import SERVICES
from tests.support.services import bearer

pytestmark = [pytest.mark.nats, pytest.mark.slow]

EXAMPLE = (
    Path(__file__).parent.parent / "docs" / "examples" / "staffordshire-day-opportunities.json"
)


def _free_block(size: int) -> int:
    for base in range(21000, 60000, 97):
        ok = True
        for port in range(base, base + size):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free block of ports")


def _start(data_dir: Path, nats_port: int, base_port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.cli",
            "run",
            "--data-dir",
            str(data_dir),
            "--nats-port",
            str(nats_port),
            "--base-port",
            str(base_port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )


def _wait_line(process: subprocess.Popen[str], needle: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line.rstrip())
        if needle in line:
            return lines
    raise AssertionError(f"never printed {needle!r}; output so far: {lines}")


def _descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                child = int(entry.name)
                found.append(child)
                found.extend(_descendants(child))
    return found


def _stop(process: subprocess.Popen[str]) -> list[int]:
    children = _descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    time.sleep(0.5)
    return [
        pid
        for pid in children
        if Path(f"/proc/{pid}").exists()
        and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    ]


def test_run_command_starts_everything_carries_a_dps_across_and_stops_cleanly(tmp_path):
    base = _free_block(5)
    nats_port, base_port = base, base + 1
    process = _start(tmp_path, nats_port, base_port)
    try:
        lines = _wait_line(process, "All services healthy", timeout=120)
        for service in SERVICES:
            port = base_port + SERVICES.index(service)
            assert any(f"127.0.0.1:{port}/docs" in line for line in lines), lines
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200

        commissioner = bearer("commissioner", organisation="staffordshire-cc")
        registry = f"http://127.0.0.1:{base_port}"
        created = httpx.post(
            f"{registry}/dps", json=json.loads(EXAMPLE.read_text()), headers=commissioner
        )
        assert created.status_code == 201, created.text
        dps_id = created.json()["id"]
        opened = httpx.post(f"{registry}/dps/{dps_id}/open", headers=commissioner)
        assert opened.status_code == 200, opened.text

        deadline = time.monotonic() + 30
        paths = {
            "calloff": f"/dps/{dps_id}",
            "evaluation": f"/dps/{dps_id}/regime",
            "contracts": f"/dps/{dps_id}",
        }
        while paths and time.monotonic() < deadline:
            for service, path in list(paths.items()):
                port = base_port + SERVICES.index(service)
                if (
                    httpx.get(f"http://127.0.0.1:{port}{path}", headers=commissioner).status_code
                    == 200
                ):
                    del paths[service]
            time.sleep(0.2)
        assert not paths, f"never reached: {paths}"
    finally:
        left = _stop(process)
    assert process.returncode == 0
    assert left == [], f"processes left behind: {left}"

    # A second run keeps the data.
    process = _start(tmp_path, nats_port, base_port)
    try:
        _wait_line(process, "All services healthy", timeout=120)
        again = httpx.get(f"http://127.0.0.1:{base_port}/dps/{dps_id}", headers=commissioner)
        assert again.status_code == 200
    finally:
        left = _stop(process)
    assert left == []
