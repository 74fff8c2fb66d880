"""GET /dps/{id} in-process (httpx on the ASGI app): the ORM's load against the one-statement
read, alternated request by request so both see the same load on a shared machine.

    python -m tests.registry.bench_read [--requests 500] [--lots 6]   (DATABASE_URL: PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from services.registry.store.repositories import DpsRepository
from shared.clock import ManualClock
from tests.registry.api_support import COMMISSIONER, START, dps_body, lot_body
from tests.support.databases import backend_name, fresh_database
from tests.support.nats import NatsServer, prepare_stream
from tests.support.services import running_service


def _body(lots: int) -> dict[str, Any]:
    rate_cards = [
        {"effective_from": f"{2026 + y}-01-01", "effective_to": f"{2026 + y}-12-31",
         "rates": [{"element": f"e{r}", "unit": "hour", "min_amount": "13.60",
                    "max_amount": "14.75"} for r in range(5)]}
        for y in range(2)
    ]
    return dps_body(
        lots=[lot_body(f"L{i}", questions=[{"code": f"SQ{q}", "text": "Do you?"} for q in range(4)],
                       required_documents=[{"document_type": f"doc_{d}"} for d in range(3)],
                       rate_cards=rate_cards) for i in range(lots)],
        criteria=[{"code": f"c{i}", "name": f"C{i}", "kind": "quality", "min_weight": "1",
                   "max_weight": "50"} for i in range(4)],
    )


async def run(requests: int, lots: int) -> None:
    orm_load = DpsRepository.get
    one_statement = DpsRepository.load_for_reading
    tmp = Path(tempfile.mkdtemp())
    server = NatsServer(tmp / "nats")
    server.start()
    await prepare_stream(server.url)
    try:
        async with (
            fresh_database(tmp, "bench", backend_name()) as url,
            running_service("registry", url, server.url, clock=ManualClock(START)) as (app, client),
        ):
            dps = (await client.post("/dps", json=_body(lots), headers=COMMISSIONER)).json()
            path = f"/dps/{dps['id']}"
            statements = {"n": 0}
            engine = app.state.runtime.engine.sync_engine

            def count(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
                if "outbox" not in sql and "advisory" not in sql:
                    statements["n"] += 1

            event.listen(engine, "before_cursor_execute", count)
            timings: dict[str, list[float]] = {"orm": [], "one statement": []}
            counts: dict[str, int] = {"orm": 0, "one statement": 0}
            size = 0
            for i in range(requests + 20):
                for name, load in (("orm", orm_load), ("one statement", one_statement)):
                    DpsRepository.load_for_reading = load  # type: ignore[method-assign]
                    before, started = statements["n"], time.perf_counter()
                    answer = await client.get(path, headers=COMMISSIONER)
                    elapsed = time.perf_counter() - started
                    assert answer.status_code == 200, answer.text
                    size = len(answer.content)
                    if i >= 20:  # warmed up
                        timings[name].append(elapsed)
                        counts[name] += statements["n"] - before
            DpsRepository.load_for_reading = one_statement  # type: ignore[method-assign]
            print(f"{backend_name()}: GET /dps/{{id}}, {size} bytes, {lots} lots, {requests} each")
            for name, times in timings.items():
                ms = sorted(t * 1000 for t in times)
                print(f"  {name:14} p50 {statistics.median(ms):6.2f} ms  p99"
                      f" {ms[int(len(ms) * 0.99) - 1]:6.2f} ms  {requests / sum(times):6.0f} req/s"
                      f"  {counts[name] / requests:.0f} statement(s)")
            ratio = statistics.median(timings["orm"]) / statistics.median(timings["one statement"])
            print(f"  p50 ratio orm / one statement: {ratio:.2f}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--lots", type=int, default=6)
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.lots))


if __name__ == "__main__":
    main()
