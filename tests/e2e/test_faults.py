"""The fault suite: many lifecycles, from requirement to contract, while at random moments a
service replica is SIGKILLed and restarted, the broker is stopped or killed and restarted
(on a three-node JetStream cluster: the stream leader is killed), and deliveries are
duplicated. Then the invariants: every call-off ends in exactly one contract or a recorded
unsuccessful outcome; no contract twice; no response lost or doubled; every service's copy
agrees with its owner's. The counts are printed (``-s`` shows them).

``FAULT_LIFECYCLES`` (default 30) sets how many lifecycles each topology runs,
``FAULT_WAVE`` (10) how many run at once, ``FAULT_SEED`` the random draws. On PostgreSQL
(``DATABASE_URL``), else SQLite; the cluster runs two replicas of each service, on
PostgreSQL only (SQLite is one machine's store).
"""

from __future__ import annotations

import asyncio
import os
import random
import time

import pytest

from tests.e2e.faults.injector import Faults
from tests.e2e.faults.invariants import check
from tests.e2e.faults.lifecycles import draw_package, open_market, wave
from tests.e2e.support import client_of
from tests.support.databases import POSTGRES_URL
from tests.support.system import running_system

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e, pytest.mark.faults]

LIFECYCLES = int(os.environ.get("FAULT_LIFECYCLES", "30"))
WAVE = int(os.environ.get("FAULT_WAVE", "10"))
SEED = int(os.environ.get("FAULT_SEED", "20261205"))
#: Two replicas of four services share one PostgreSQL: each keeps a small pool, so all of
#: them stay under the server's max_connections (deploy/README.md says how to size it).
SMALL_POOLS = {"DATABASE_POOL_SIZE": "3", "DATABASE_MAX_OVERFLOW": "3"}


@pytest.fixture
def store() -> str:
    return "postgresql" if POSTGRES_URL else "sqlite"


@pytest.mark.parametrize("topology", ["one_server", "cluster"])
async def test_every_call_off_ends_in_one_contract_or_an_outcome_whatever_fails(
    tmp_path, store, topology
):
    cluster = topology == "cluster"
    if cluster and store != "postgresql":
        pytest.skip("the cluster runs two replicas per service on PostgreSQL: set DATABASE_URL")
    rng = random.Random(f"{SEED}-{topology}")
    started = time.monotonic()
    async with running_system(tmp_path, backend=store, cluster=cluster,
                              replicas=2 if cluster else 1, **SMALL_POOLS) as system:
        client = client_of(system)
        try:
            market = await open_market(client, providers=6)
            faults = Faults(system, rng)
            stop = asyncio.Event()
            injecting = asyncio.create_task(faults.run(stop))
            runs = []
            try:
                while len(runs) < LIFECYCLES:
                    batch = [draw_package(client, market, rng, len(runs) + i)
                             for i in range(min(WAVE, LIFECYCLES - len(runs)))]
                    await wave(client, market, batch)
                    runs.extend(batch)
            finally:
                stop.set()
                await injecting
                await faults.heal()
            tally = await check(client, market, runs)
        finally:
            await client.close()
    report(topology, store, tally.counts, faults.counts, time.monotonic() - started)
    assert not tally.problems, "\n".join(tally.problems[:20])
    assert tally.counts["responses_lost"] == 0
    assert tally.counts["responses_doubled"] == 0
    assert tally.counts["contracts_doubled"] == 0
    assert tally.counts["invitations_doubled"] == 0
    assert sum(faults.counts[k] for k in set(faults.kinds)) > 0, "no fault was injected"


def report(topology: str, store: str, counts: dict, faults: dict, seconds: float) -> None:
    lines = [f"fault run: {topology} on {store}, {seconds:.0f} s"]
    lines += [f"  {key}: {value}" for key, value in sorted(counts.items())]
    lines += [f"  fault {key}: {value}" for key, value in sorted(faults.items())]
    print("\n".join(lines))
