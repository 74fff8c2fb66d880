"""What one hop's two transactions cost the CPU, counted in instructions, against the floor's.

Wall-clock figures on a shared machine move by half from one minute to the next; the number
of instructions a process executes does not (valgrind's callgrind counts them, whatever
else the machine is doing). So this measures, on PostgreSQL (``DATABASE_URL``):
- the floor: BEGIN; INSERT; COMMIT on asyncpg, the transaction both ends of the floor's hop
  run;
- the project's commit of one event: a unit of work that publishes it (outbox row and
  version in one statement, then COMMIT);
- the project's apply of one event that arrives in order: decoded, applied on the consumer's
  own connection by a handler that INSERTs its effect (the one-hop bench's handler,
  ``bench.hop_sink``). The messages are built before counting starts; the commit's count
  includes building its event, as a use case raises one.
- the same apply of a batch of events that arrived together, each the next of an aggregate
  of its own (what a consumer under load takes), per event.

Each is run twice under callgrind, with a few warm-up transactions and then with ``N`` more;
the difference divided by ``N`` is one transaction's cost, start-up left out. The database
server's own work is not counted: only the service process's, and of that only what runs
in user space. The kernel's work for each round trip (the send and receive calls, costly
in a VM) is not in the count: a change that saves a round trip shows in time, not here.

    python -m bench.instructions --transactions 1000

It needs valgrind (``apt-get install valgrind``) and takes about four minutes. Start-up alone
is some 4,400 million instructions and varies by a few million from run to run, so fewer
than 1,000 transactions leave each one's figure uncertain by several per cent.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import asyncpg

from bench import harness
from bench.hop_sink import EFFECTS, record_effect
from bench.support import POSTGRES_URL, asyncpg_dsn, fresh_database
from shared.messaging.applying import Applier
from shared.messaging.ordering import OrderingStore
from shared.messaging.own_connection import OwnConnection
from shared.runtime import ServiceRuntime
from shared.uow import UnitOfWork

WARM_UP = 20
MOST = 2000  # measured transactions at most
#: Events in one of the consumer's batches (``batch``): what arrives together under load.
BATCH = 8
KINDS = {
    "floor": "floor: BEGIN; INSERT; COMMIT (asyncpg)",
    "commit": "project: commit of one event (unit of work)",
    "apply": "project: apply of one in-order event (consumer)",
    "batch": f"project: apply of {BATCH} in-order events together, per event",
}
Step = Callable[[int], Awaitable[None]]


async def _floor(url: str) -> tuple[Step, Callable[[], Awaitable[None]]]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    await connection.execute("CREATE TABLE effects (id TEXT PRIMARY KEY, n INTEGER)")

    async def step(n: int) -> None:
        async with connection.transaction():
            await connection.execute("INSERT INTO effects VALUES ($1, $2)", str(uuid4()), n)

    return step, connection.close


def _runtime(url: str) -> ServiceRuntime[UnitOfWork]:
    # Nothing is started: no broker, no relay; only the store is used.
    return ServiceRuntime(
        settings=harness.settings("probe", url, "nats://127.0.0.1:1"),
        metadata=harness.metadata,
        uow_class=UnitOfWork,
    )


async def _commit(url: str) -> tuple[Step, Callable[[], Awaitable[None]]]:
    runtime = _runtime(url)
    await harness.create_tables(runtime)

    async def step(n: int) -> None:
        async with runtime.uow() as uow:
            uow.publish(harness.ProbeHappened(occurred_at=datetime.now(UTC), n=n))
            await uow.commit()

    return step, runtime.engine.dispose


async def _apply(url: str, batch: int = 1) -> tuple[Step, Callable[[], Awaitable[None]]]:
    runtime = _runtime(url)
    await harness.create_tables(runtime)
    async with runtime.engine.begin() as connection:
        await connection.run_sync(EFFECTS.metadata.create_all)

    own = OwnConnection(runtime.engine)
    tables = harness.metadata.tables
    applier = Applier(
        consumer="sink",
        handlers={harness.ProbeHappened.subject_name: (harness.ProbeHappened, record_effect)},
        uow_factory=runtime.uow,
        store=OrderingStore(tables["consumer_positions"], tables["parked_events"], "sink"),
        inbox=tables["inbox"],
        clock=runtime.clock,
        own=own,
    )
    # What arrives: built before the count starts, as many whichever the count (so the
    # difference between two counts leaves them out); the consumer's work starts at decode.
    # One aggregate's versions one by one; or, in a batch, each event of an aggregate of
    # its own (several of one aggregate together go the checked way).
    aggregates, subject = [uuid4() for _ in range(batch)], harness.ProbeHappened.subject_name
    arriving = [
        [
            harness.ProbeHappened(
                occurred_at=datetime.now(UTC), n=n, aggregate_id=aggregate,
                aggregate_version=n + 1,
            ).model_dump_json().encode()
            for aggregate in aggregates
        ]
        for n in range(WARM_UP + MOST)
    ]

    async def step(n: int) -> None:
        items = [applier.decode(subject, data, {}) for data in arriving[n]]
        await applier.apply(items, drain=batch > 1)
        if any(item.outcome != "applied" for item in items):
            raise SystemExit(f"events {n} were {[i.outcome for i in items]}, not applied")

    async def close() -> None:
        await own.close()
        await runtime.engine.dispose()

    return step, close


async def _child(kind: str, count: int) -> None:
    build = {
        "floor": _floor, "commit": _commit, "apply": _apply,
        "batch": lambda url: _apply(url, BATCH),
    }[kind]
    with tempfile.TemporaryDirectory() as tmp:
        async with fresh_database(Path(tmp), f"instructions_{kind}") as url:
            step, close = await build(url)
            try:
                for n in range(WARM_UP + count):
                    await step(n)
            finally:
                await close()


def _counted(kind: str, count: int) -> int:
    """Instructions the process executed running ``kind`` with ``count`` measured steps."""
    ran = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-m", "bench.instructions", "--child", kind, str(count)],
        capture_output=True, text=True, check=False,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", ran.stderr)
    if ran.returncode != 0 or found is None:
        raise SystemExit(f"{kind} under valgrind failed:\n{ran.stderr[-2000:]}")
    return int(found.group(1))


def main(args: Any) -> None:
    if not POSTGRES_URL:
        raise SystemExit("bench.instructions needs PostgreSQL: set DATABASE_URL")
    if shutil.which("valgrind") is None:
        raise SystemExit("bench.instructions needs valgrind (apt-get install valgrind)")
    runs = [(kind, n) for kind in KINDS for n in (0, args.transactions)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one valgrind per core
        counted = dict(zip(runs, pool.map(lambda run: _counted(*run), runs), strict=True))
    print(f"instructions per transaction (valgrind callgrind, {args.transactions} measured,"
          f" PostgreSQL, python={sys.version.split()[0]})")
    per = {k: (counted[(k, args.transactions)] - counted[(k, 0)]) / args.transactions
           / (BATCH if k == "batch" else 1)
           for k in KINDS}
    for kind, label in KINDS.items():
        ratio = "" if kind == "floor" else f"  {per[kind] / per['floor']:5.2f}x the floor"
        print(f"  {label:56s} {per[kind]:12,.0f}{ratio}")


def parse(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transactions", type=int, default=1000, choices=range(1, MOST + 1),
                        metavar=f"1..{MOST}")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "COUNT"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse()
    if arguments.child:
        asyncio.run(_child(arguments.child[0], int(arguments.child[1])))
    else:
        main(arguments)
