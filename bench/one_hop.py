"""One hop through the backbone, against the bare floor, in one run.

Measures, on a nats-server of its own (``sync_interval: always``) and the database named by
DATABASE_URL (else SQLite), for the project (outbox commit -> relay -> JetStream ->
consumer's effect committed, through ``ServiceRuntime`` with a deployed service's timings:
the relay reads the store once a second, not five times as in the tests) and for the floor
(``bench.floor``: the same hop with nothing but asyncpg/aiosqlite and nats-py):
- latency: events committed one at a time at a steady pace; p50/p99/max of (consumer's
  commit of the effect - producer's commit of the event);
- throughput: a burst committed one event per transaction as fast as the producer can;
  events per second from the first commit to the last effect committed.

    python -m bench.one_hop --events 500 --pace 100 --burst 1000 [--rounds 5]
    python -m bench.one_hop --mode project --profile var/profile.txt

With ``--rounds`` the floor and the project run that many times, alternating which goes
first, and the report ends with the median of the rounds' ratios and their range: on a
shared machine the floor's own p50 moves by half between minutes, so one pair can land
either side of a goal.

Both ends share the bench's process by default, and then compete for one interpreter:
the consumer's work slows the producer's commits. With ``--processes 2`` the consuming end
(the project's sink service, the floor's consumer) runs in a process of its own, as a
consuming service is deployed (``bench.hop_sink``); the producing end, with the project's
relay, stays here.

Runnable from anywhere once the project is installed; it imports nothing from the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import harness
from bench.floor import Floor, wait_all
from bench.hop_sink import broker_alive, in_a_process, started
from bench.support import backend_name, fresh_database, prepare_stream
from shared.heap import settle_after_start
from shared.natsserver import NatsServer


@dataclass
class Result:
    p50: float
    p99: float
    worst: float
    throughput: float


async def _tick() -> None:
    await asyncio.sleep(0.002)


def _latencies(committed: dict[Any, float], applied: dict[Any, float]) -> tuple[float, ...]:
    values = sorted((applied[i] - committed[i]) * 1000 for i in committed)
    q = statistics.quantiles(values, n=100)
    return q[49], q[98], values[-1]


@asynccontextmanager
async def _sink(kind: str, tmp: Path, url: str, args: Any) -> AsyncIterator[dict[str, float]]:
    """The consuming end, started, and when it applied each event (by id as text): in this
    process, or with ``--processes 2`` in one of its own."""
    async with fresh_database(tmp, f"{kind}_sink") as sink_db:
        if args.processes == 2:
            async with in_a_process(kind, sink_db, url) as applied:
                yield applied
            return
        async with AsyncExitStack() as stack:
            yield await started(stack, kind, sink_db, url)


async def _project(stack: AsyncExitStack, tmp: Path, url: str, args: Any) -> Result:
    producer_db = await stack.enter_async_context(fresh_database(tmp, "bench_probe"))
    producer = await stack.enter_async_context(
        harness.probe_producer(producer_db, url, timed_for_tests=False)
    )
    applied = await stack.enter_async_context(_sink("project", tmp, url, args))
    await harness.wait_for(broker_alive(producer), what="broker connected")

    committed: dict[str, float] = {}
    for n in range(args.events):
        event = harness.ProbeHappened(occurred_at=datetime.now(UTC), n=n)
        async with producer.uow() as uow:
            uow.publish(event)
            await uow.commit()
        committed[str(event.id)] = time.perf_counter()
        await asyncio.sleep(1.0 / args.pace)
    await wait_all(list(committed), applied, 120, _tick)
    p50, p99, worst = _latencies(committed, applied)

    started = time.perf_counter()
    events = await harness.commit_events(producer, range(args.burst), per_commit=1)
    await wait_all([str(e.id) for e in events], applied, 600, _tick)
    return Result(p50, p99, worst, args.burst / (time.perf_counter() - started))


async def _floor(stack: AsyncExitStack, tmp: Path, url: str, args: Any) -> Result:
    producer_db = await stack.enter_async_context(fresh_database(tmp, "floor_probe"))
    floor = Floor(producer_db, None, url)
    await floor.start()
    stack.push_async_callback(floor.stop)
    applied = await stack.enter_async_context(_sink("floor", tmp, url, args))
    committed: dict[str, float] = {}
    for n in range(args.events):
        event_id, at = await floor.hop(n)
        committed[event_id] = at
        await asyncio.sleep(1.0 / args.pace)
    await wait_all(list(committed), applied, 120, _tick)
    p50, p99, worst = _latencies(committed, applied)
    started = time.perf_counter()
    ids = await floor.burst(args.burst)
    await wait_all(ids, applied, 600, _tick)
    return Result(p50, p99, worst, args.burst / (time.perf_counter() - started))


def _print(name: str, r: Result) -> None:
    print(
        f"{name:8s} one-hop ms p50={r.p50:6.2f} p99={r.p99:6.2f} max={r.worst:7.2f}"
        f"   throughput={r.throughput:6.0f} events/s"
    )


def _order(args: Any, round_number: int) -> tuple[str, ...]:
    """Which modes run in a round: both alternate which goes first, so neither always has
    the machine's first minutes (or its last)."""
    if args.mode != "both":
        return (args.mode,)
    return ("floor", "project") if round_number % 2 else ("project", "floor")


def _ratios(floor: Result, project: Result) -> tuple[float, float, float]:
    return (
        project.p50 / floor.p50, project.p99 / floor.p99, project.throughput / floor.throughput
    )


async def main(args: Any) -> None:
    rounds: list[dict[str, Result]] = []
    profiler = None
    settle_after_start()  # as every service process does once started (floor and project)
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = NatsServer(tmp / "nats")
        server.start()
        stack.callback(server.stop)
        await prepare_stream(server.url)
        print(
            f"backend={backend_name()} events={args.events} pace={args.pace}/s"
            f" burst={args.burst} rounds={args.rounds} processes={args.processes}"
            f" python={sys.version.split()[0]}"
        )
        for number in range(1, args.rounds + 1):
            results: dict[str, Result] = {}
            for mode in _order(args, number):
                async with AsyncExitStack() as run:
                    if mode == "project" and args.profile and profiler is None:
                        from pyinstrument import Profiler

                        profiler = Profiler(interval=0.0005, async_mode="disabled")
                        profiler.start()
                    try:
                        run_mode = _floor if mode == "floor" else _project
                        results[mode] = await run_mode(run, tmp, server.url, args)
                    finally:
                        if profiler is not None and profiler.is_running:
                            profiler.stop()
                _print(mode, results[mode])
            if len(results) == 2:
                p50, p99, rate = _ratios(results["floor"], results["project"])
                print(
                    f"ratio    project/floor p50={p50:.2f}x p99={p99:.2f}x"
                    f" throughput={rate:.2f}x"
                )
            rounds.append(results)
    if len(rounds) > 1 and all(len(r) == 2 for r in rounds):
        ratios = [_ratios(r["floor"], r["project"]) for r in rounds]
        p50s, p99s, rates = (sorted(column) for column in zip(*ratios, strict=True))
        print(
            f"median of {len(rounds)} rounds  p50={statistics.median(p50s):.2f}x"
            f" ({p50s[0]:.2f}-{p50s[-1]:.2f}) p99={statistics.median(p99s):.2f}x"
            f" ({p99s[0]:.2f}-{p99s[-1]:.2f}) throughput={statistics.median(rates):.2f}x"
            f" ({rates[0]:.2f}-{rates[-1]:.2f})"
        )
    if profiler is not None:
        from bench.profile import by_package, top_costs

        _write(Path(args.profile), profiler.output_text(unicode=False, show_all=False))
        print(f"profile of the project run (self time, top 15; tree in {args.profile}):")
        for line in top_costs(profiler, 15):
            print("  " + line)
        print("by package (self time):")
        for line in by_package(profiler):
            print("  " + line)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def parse(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["both", "project", "floor"], default="both")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--pace", type=float, default=100.0, help="events per second (latency)")
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument(
        "--rounds", type=int, default=1,
        help="floor and project this many times, alternating which goes first; the report"
        " adds the median ratio and its range (a busy machine moves single runs a lot)",
    )
    parser.add_argument(
        "--processes", type=int, choices=(1, 2), default=1,
        help="2: the consuming end (the sink service; the floor's consumer) in a process of"
        " its own, as services are deployed; 1: both ends share the bench's process",
    )
    parser.add_argument(
        "--profile", help="profile the (first) project run (pyinstrument) to this file"
        " (the bench's process: with --processes 2, the producing end only)",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
