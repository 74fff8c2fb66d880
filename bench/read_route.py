"""One read of each service, against the bare floor, in one run: ``GET /dps/{id}`` of the
registry (a ~3 KB DPS) and of the call-off, evaluation and contracts services (the same DPS
as each knows it, built from the registry's events by its own handlers), each beside a bare
FastAPI route of the same shape (verify the HS256 bearer token, read one row by key through
one kept aiosqlite connection, return its JSON).

Each app runs under uvicorn in a process of its own, on SQLite; the load comes from wrk
(``apt-get install wrk``) or, without it, from an httpx load generator in another process.

    python -m bench.read_route --seconds 10 --connections 1 16 [--services registry calloff]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from shared.demo import examples
from shared.http.tokens import mint_token
from shared.localrun import SERVICES
from shared.natsserver import free_port

SECRET = "bench-read-route-secret-not-for-production"
#: The seed example every service ships (shared/demo/examples).
EXAMPLE = "staffordshire-day-opportunities"


# The bare route --------------------------------------------------------------------------
def bare_app() -> Any:
    """The floor: token check, one keyed read on one kept connection, the stored JSON."""
    import aiosqlite
    import jwt
    from fastapi import FastAPI, Header, HTTPException, Response

    state: dict[str, Any] = {}

    async def lifespan(_app: Any):  # type: ignore[no-untyped-def]
        state["db"] = await aiosqlite.connect(os.environ["BENCH_BARE_DB"])
        yield
        await state["db"].close()

    app = FastAPI(lifespan=lifespan)

    # response_model=None: the return type is not a model (and is a forward reference here).
    @app.get("/dps/{dps_id}", response_class=Response, response_model=None)
    async def read(dps_id: str, authorization: str = Header("")) -> Response:
        try:
            jwt.decode(
                authorization.removeprefix("Bearer "),
                SECRET,
                algorithms=["HS256"],
                audience="care-dps",
                issuer="care-dps",
            )
        except jwt.PyJWTError as error:
            raise HTTPException(401) from error
        async with state["db"].execute("SELECT body FROM dps WHERE id = ?", (dps_id,)) as rows:
            row = await rows.fetchone()
        if row is None:
            raise HTTPException(404)
        return Response(row[0], media_type="application/json")

    return app


def service_app() -> Any:
    """The service named by ``BENCH_SERVICE``, from its settings in the environment."""
    import importlib

    return importlib.import_module(f"services.{os.environ['BENCH_SERVICE']}.main").create_app()


def _environment(service: str, database: Path) -> dict[str, str]:
    prefix = service.upper() + "_"
    return {
        "BENCH_SERVICE": service,
        prefix + "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        prefix + "CONNECT_NATS": "false",
        prefix + "AUTH_MODE": "local",
        prefix + "JWT_SECRET": SECRET,
    }


def _registry_events(database: Path) -> list[Any]:
    """What the registry published of the DPS: its outbox rows (no broker here)."""
    import sqlite3

    from shared.events.base import event_class

    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT subject, payload FROM outbox ORDER BY position").fetchall()
    return [event_class(subject).model_validate_json(payload) for subject, payload in rows]


def _follow(service: str, database: Path, events: list[Any]) -> None:
    """Build ``service``'s store and apply the registry's events with its own handlers."""
    import asyncio

    from shared.dpsview.handlers import HANDLERS
    from shared.localrun import settings_class

    async def go() -> None:
        import importlib

        main = importlib.import_module(f"services.{service}.main")
        settings = settings_class(service)(
            database_url=f"sqlite+aiosqlite:///{database}", connect_nats=False,
            jwt_secret=SECRET,
        )
        app = main.create_app(settings)
        async with app.router.lifespan_context(app):
            for event in events:
                if type(event) in HANDLERS:
                    async with app.state.runtime.uow() as uow:
                        await HANDLERS[type(event)](event, uow)
                        await uow.commit()

    asyncio.run(go())


# Running and loading ---------------------------------------------------------------------
def _serve(factory: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                raise SystemExit(f"{factory} exited; see {log}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{factory} did not start; see {log}")


def _wrk(url: str, token: str, connections: int, seconds: int) -> dict[str, float]:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Authorization: Bearer {token}", url],
        capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"non-2xx answers from {url}:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"p50": ms("50%"), "p99": ms("99%"), "rps": rps}


def _httpx_load(url: str, token: str, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.load", url, token, str(connections), str(seconds)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--services", nargs="+", default=list(SERVICES), choices=SERVICES)
    args = parser.parse_args(argv)
    load = _wrk if shutil.which("wrk") else _httpx_load
    token = mint_token(SECRET, subject="bench", organisation="staffordshire-cc",
                       roles=["commissioner"])
    auth = {"Authorization": f"Bearer {token}"}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        processes: list[subprocess.Popen[bytes]] = []
        try:
            # The registry sets up and opens the DPS; the others learn it from its events.
            port = free_port()
            processes.append(_serve("bench.read_route:service_app", port,
                                    _environment("registry", tmp / "registry.db"),
                                    tmp / "registry.log"))
            base = f"http://127.0.0.1:{port}"
            created = httpx.post(f"{base}/dps", json=examples.load(EXAMPLE), headers=auth)
            created.raise_for_status()
            dps_id = created.json()["id"]
            httpx.post(f"{base}/dps/{dps_id}/open", headers=auth).raise_for_status()
            events = _registry_events(tmp / "registry.db")
            urls = {"registry": f"{base}/dps/{dps_id}"}
            for service in args.services:
                if service == "registry":
                    continue
                _follow(service, tmp / f"{service}.db", events)
                port = free_port()
                processes.append(_serve("bench.read_route:service_app", port,
                                        _environment(service, tmp / f"{service}.db"),
                                        tmp / f"{service}.log"))
                urls[service] = f"http://127.0.0.1:{port}/dps/{dps_id}"
            print(f"GET /dps/{{id}} of each service; load by {load.__name__[1:]};"
                  f" {args.seconds}s per run")
            for service in args.services:
                body = httpx.get(urls[service], headers=auth).content
                bare_db, bare_port = tmp / f"bare-{service}.db", free_port()
                import sqlite3

                with sqlite3.connect(bare_db) as db:
                    db.execute("CREATE TABLE dps (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
                    db.execute("INSERT INTO dps VALUES (?, ?)", (dps_id, body.decode()))
                bare_process = _serve("bench.read_route:bare_app", bare_port,
                                      {"BENCH_BARE_DB": str(bare_db)}, tmp / "bare.log")
                try:
                    for connections in args.connections:
                        bare = load(f"http://127.0.0.1:{bare_port}/dps/{dps_id}", token,
                                    connections, args.seconds)
                        project = load(urls[service], token, connections, args.seconds)
                        for name, r in (("bare", bare), (service, project)):
                            print(f"c={connections:<3d} {name:10s} p50={r['p50']:7.2f} ms"
                                  f" p99={r['p99']:7.2f} ms  {r['rps']:8.0f} req/s"
                                  f"  ({len(body)} bytes)")
                        print(f"c={connections:<3d} ratio      p50="
                              f"{project['p50'] / bare['p50']:.2f}x"
                              f" p99={project['p99'] / bare['p99']:.2f}x"
                              f" req/s={project['rps'] / bare['rps']:.2f}x")
                finally:
                    bare_process.terminate()
                    bare_process.wait(timeout=10)
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
