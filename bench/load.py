"""A small HTTP load generator (httpx), for machines without wrk.

    python -m bench.load URL TOKEN CONNECTIONS SECONDS   -> JSON: p50, p99 (ms), rps
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

import httpx


async def run(url: str, token: str, connections: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            answer = await client.get(url, headers=headers)
            answer.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return {"p50": q[49], "p99": q[98], "rps": len(latencies) / elapsed}


if __name__ == "__main__":
    url, token, connections, seconds = sys.argv[1:5]
    print(json.dumps(asyncio.run(run(url, token, int(connections), float(seconds)))))
