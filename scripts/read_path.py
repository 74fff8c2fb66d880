"""Requests per second of the registry's read path under wrk, at 1 and 16 connections.

Starts the registry with uvicorn on a free loopback port, on a fresh SQLite file and without
NATS, sets up and opens the example DPS, then measures three routes: ``/healthz`` (the HTTP
edge alone: middleware and routing), ``GET /dps/{unknown id}`` (plus token verification,
dependencies and one query: a 404) and ``GET /dps/{id}`` (plus loading the DPS aggregate: a
3 KB answer). ``--root`` runs another checkout of the code (e.g. ``git archive main``) with
the same interpreter, for a before/after. The machine may be shared: compare runs made back
to back, and read the ratios.

    python scripts/read_path.py [--seconds 10] [--repeat 3] [--root PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "staffordshire-day-opportunities.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wrk(url: str, token: str, connections: int, seconds: int) -> tuple[float, str]:
    out = subprocess.run(
        ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
         "--latency", "-H", f"Authorization: Bearer {token}", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"Latency Distribution[\s\S]*?50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    return rps, p50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--root", type=Path, default=ROOT, help="The code to run.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    sys.path.insert(0, str(ROOT))
    from shared.http.tokens import mint_token

    secret = secrets.token_urlsafe(32)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "REGISTRY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/registry.db",
            "REGISTRY_CONNECT_NATS": "false",
            "REGISTRY_JWT_SECRET": secret,
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "services.registry.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
             "--log-level", "warning"],
            cwd=args.root, env={**env, "PYTHONPATH": str(args.root)},
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            token = mint_token(secret, subject="bench", organisation="bench-cc",
                               roles=["commissioner"])
            headers = {"Authorization": f"Bearer {token}"}
            created = httpx.post(base + "/dps", json=json.loads(EXAMPLE.read_text()),
                                 headers=headers)
            created.raise_for_status()
            dps_id = created.json()["id"]
            httpx.post(f"{base}/dps/{dps_id}/open", headers=headers).raise_for_status()
            routes = {
                "/healthz": f"{base}/healthz",
                "GET /dps/{unknown}": f"{base}/dps/00000000-0000-4000-8000-000000000000",
                "GET /dps/{id}": f"{base}/dps/{dps_id}",
            }
            for _ in range(args.repeat):
                for name, url in routes.items():
                    for connections in (1, 16):
                        rps, p50 = wrk(url, token, connections, args.seconds)
                        print(f"{name:<20} {connections:>2} connections: {rps:8.1f} req/s"
                              f"  p50 {p50}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
