"""The quick start's run command, as a newcomer would use it: a real subprocess.

It starts nats-server and the four services, each healthy; the README's "Try it" block, run
as written, takes a DPS from set-up to a member listed by the call-off service; a second run
on the same data folder, or on ports already taken, is refused with one line; a service that
dies is restarted; SIGTERM leaves no process behind; a second run keeps the data.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from shared.http.tokens import mint_token
from shared.localrun import SERVICES, read_local_secret

pytestmark = [pytest.mark.nats, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


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


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.endswith(("_DATABASE_URL", "_JWT_SECRET")) and k != "DPS_DATA_DIR"}


def _start(data_dir: Path, nats_port: int, base_port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "shared.cli", "run", "--data-dir", str(data_dir),
         "--nats-port", str(nats_port), "--base-port", str(base_port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_environment(),
        start_new_session=True, cwd=ROOT,
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


def _service_pid(run: subprocess.Popen[str], service: str) -> int:
    for pid in _descendants(run.pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if f"services.{service}.main:create_app" in command:
            return pid
    raise AssertionError(f"no {service} process under the run")


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


def _try_it_block() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Try it yourself"):]
    return section[section.index("```sh\n") + 6:section.index("\n```", section.index("```sh"))]


def _refused(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "run", *args], capture_output=True, text=True,
        timeout=60, env=_environment(), cwd=ROOT,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_run_command_runs_the_readme_and_keeps_going_through_a_service_crash(tmp_path):
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
        secret_mode = (tmp_path / "local-jwt-secret").stat().st_mode & 0o777
        assert secret_mode == 0o600

        # The README's "Try it", as written, on this run's ports and data folder.
        script = _try_it_block()
        script = script.replace("127.0.0.1:8001", f"127.0.0.1:{base_port}")
        script = script.replace("127.0.0.1:8002", f"127.0.0.1:{base_port + 1}")
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
            timeout=120, cwd=ROOT, env={**_environment(), "DPS_DATA_DIR": str(tmp_path)},
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert '"provider_name": "Bright Futures Care Ltd"' in done.stdout, done.stdout
        assert '"status": "active"' in done.stdout

        # A second run on the same folder, or on these ports, is refused with one line.
        other = _free_block(5)
        in_use = _refused(["--data-dir", str(tmp_path), "--nats-port", str(other),
                           "--base-port", str(other + 1)])
        assert "in use by another `dps run`" in in_use
        taken = _refused(["--data-dir", str(tmp_path / "elsewhere"), "--nats-port",
                          str(nats_port), "--base-port", str(base_port)])
        assert re.search(rf"port {nats_port} .*is already taken", taken), taken

        # A service that dies is restarted, and the run says so.
        os.kill(_service_pid(process, "calloff"), signal.SIGKILL)
        said = _wait_line(process, "calloff restarted and healthy", timeout=90)
        assert any("calloff stopped unexpectedly" in line and "restarting in" in line
                   for line in said), said
        assert httpx.get(f"http://127.0.0.1:{base_port + 1}/healthz").status_code == 200
        assert process.poll() is None

        # `dps clock advance` moves time for every service of the run at once.
        moved = subprocess.run(
            [sys.executable, "-m", "shared.cli", "clock", "advance", "--days", "30",
             "--data-dir", str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
            env=_environment(), timeout=60,
        )
        assert moved.returncode == 0, moved.stderr
        for service in SERVICES:
            port = base_port + SERVICES.index(service)
            said = httpx.get(f"http://127.0.0.1:{port}/readyz").json()["time"]
            ahead = datetime.fromisoformat(said) - datetime.now(UTC)
            assert timedelta(days=29) < ahead < timedelta(days=31), (service, said)
    finally:
        left = _stop(process)
    assert process.returncode == 0
    assert left == [], f"processes left behind: {left}"

    # A second run keeps the data (and the secret).
    council = {"Authorization": "Bearer " + mint_token(
        read_local_secret(tmp_path), subject="officer-1", organisation="staffordshire-cc",
        roles=["commissioner"])}
    process = _start(tmp_path, nats_port, base_port)
    try:
        _wait_line(process, "All services healthy", timeout=120)
        listed = httpx.get(f"http://127.0.0.1:{base_port + 1}/dps", headers=council)
        assert listed.status_code == 200 and len(listed.json()["items"]) == 1
    finally:
        left = _stop(process)
    assert left == []
