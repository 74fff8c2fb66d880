"""The system as `dps run` starts it, scaled out as production runs it: a three-node
JetStream cluster (replicas 3) and two replicas of each service sharing one store each.
Through the public HTTP APIs only: a DPS opens and providers are admitted in the registry,
and the call-off service learns of each member, while the stream leader is killed and a
call-off replica is SIGKILLed mid-run."""

from __future__ import annotations

import nats
import pytest

from shared.demo import examples, registry
from shared.demo.lifecycle import Council
from shared.identity import provider_id_for
from tests.e2e.support import admitted_providers, client_of
from tests.support.system import System, running_system

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e]


async def stream_leader(system: System) -> str:
    client = await nats.connect(system.nats.servers)  # type: ignore[union-attr]
    try:
        info = await client.jetstream().stream_info("DPS")
        return str(info.cluster.leader)
    finally:
        await client.close()


async def test_members_reach_the_calloff_service_through_a_leader_kill_and_a_replica_crash(
    tmp_path, backend
):
    async with running_system(tmp_path, backend=backend, cluster=True, replicas=2) as system:
        client = client_of(system)
        try:
            council = Council.of(client, "staffordshire-cc").commissioner
            dps = await registry.open_dps(client, council,
                                          examples.load("staffordshire-supported-living"))
            first = await admitted_providers(client, council, dps,
                                             [f"Cluster Care {n}" for n in range(3)],
                                             areas=["ST16"])
            system.nats.node(await stream_leader(system)).kill()  # type: ignore[union-attr]
            system.kill(system.replicas["calloff"][0])
            # The client takes turns on the replicas, and tries the living one when the
            # other does not answer.
            second = await admitted_providers(client, council, dps,
                                              [f"Cluster Care {n}" for n in range(3, 6)],
                                              areas=["ST16"], start=4)
            system.start(system.replicas["calloff"][0])
            await system.wait_healthy()
            lot_id = dps["lots"][0]["id"]
            path = f"/dps/{dps['id']}/lots/{lot_id}/members?limit=50"
            for replica in system.replicas["calloff"]:  # each replica, the same store
                listed = (await client.http.get(replica.url + path, headers=council.headers))
                assert {m["provider_id"] for m in listed.json()["items"]} == {
                    str(provider_id_for(p.organisation)) for p in first + second}, replica.name
        finally:
            await client.close()
