"""The system as `dps run` starts it, scaled out as production runs it: a three-node
JetStream cluster (replicas 3) and two replicas of each service sharing one store each.
Through the public HTTP APIs only: a DPS opens and providers are admitted in the registry,
and the call-off service learns of each member, while the stream leader is killed and a
call-off replica is SIGKILLed mid-run."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import httpx
import nats
import pytest

from shared.demo import examples
from tests.messaging.harness import wait_for
from tests.support.system import System, running_system

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e]


def application_for(dps: dict[str, Any]) -> dict[str, Any]:
    lots = [lot for lot in dps["lots"] if lot["accepting_applications"]]
    kinds = dict.fromkeys(d["document_type"] for lot in lots for d in lot["required_documents"])
    return {
        "dps_id": dps["id"],
        "lot_ids": [lot["id"] for lot in lots],
        "answers": [{"question_id": q["id"], "answer": q["pass_answer"]}
                    for lot in lots for q in lot["questions"]],
        "documents": [{"document_type": kind, "title": kind,
                       "content_sha256": hashlib.sha256(kind.encode()).hexdigest(),
                       "expires_on": date(date.today().year + 2, 12, 31).isoformat()}
                      for kind in kinds],
    }


async def admit_provider(system: System, client: httpx.AsyncClient, dps: dict[str, Any],
                         n: int) -> None:
    registry = system.url("registry", n % 2)
    council = system.token("commissioner")
    organisation = f"cluster-care-{n}"
    provider = system.token("provider", organisation=organisation, subject=f"user-{n}")
    registered = await client.post(f"{registry}/providers", headers=provider, json={
        "organisation": organisation, "name": f"Cluster Care {n} Ltd",
        "companies_house_number": f"{20_000_000 + n:08d}", "cqc_provider_id": f"1-{n:09d}",
        "areas_served": ["ST16"]})
    assert registered.status_code == 201, registered.text
    applied = await client.post(f"{registry}/applications", headers=provider,
                                json=application_for(dps))
    assert applied.status_code == 201, applied.text
    admitted = await client.post(f"{registry}/applications/{applied.json()['id']}/admit",
                                 headers=council, json={"why": "meets the criteria"})
    assert admitted.status_code == 200, admitted.text


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
    async with running_system(tmp_path, backend=backend, cluster=True, replicas=2) as system, \
            httpx.AsyncClient(timeout=30) as client:
        council = system.token("commissioner")
        body = examples.load("staffordshire-supported-living")
        created = await client.post(f"{system.url('registry')}/dps", headers=council, json=body)
        assert created.status_code == 201, created.text
        dps_id = created.json()["id"]
        opened = await client.post(f"{system.url('registry', 1)}/dps/{dps_id}/open",
                                   headers=council)
        assert opened.status_code == 200, opened.text
        dps = opened.json()
        lot_id = dps["lots"][0]["id"]

        for n in range(3):
            await admit_provider(system, client, dps, n)
        system.nats.node(await stream_leader(system)).kill()  # type: ignore[union-attr]
        system.kill(system.replicas["calloff"][0])
        for n in range(3, 6):
            await admit_provider(system, client, dps, n)

        async def all_members_known() -> bool:
            answer = await client.get(
                f"{system.url('calloff', 1)}/dps/{dps_id}/lots/{lot_id}/members?limit=50",
                headers=council)
            return answer.status_code == 200 and len(answer.json()["items"]) == 6

        await wait_for(all_members_known, timeout=120, what="six members in the call-off service")
        system.start(system.replicas["calloff"][0])
        await system.wait_healthy()
        listed = await client.get(
            f"{system.url('calloff', 0)}/dps/{dps_id}/lots/{lot_id}/members?limit=50",
            headers=council)
        assert sorted(m["provider_name"] for m in listed.json()["items"]) == [
            f"Cluster Care {n} Ltd" for n in range(6)]
