"""Through the registry's HTTP API and a real nats-server: after a lot is added, a lot stops
admitting, a provider is admitted and the DPS is closed, all three read models show it, and
the call-off service lists the new member."""

from __future__ import annotations

import asyncio

import pytest

from shared.demo import examples
from shared.demo.registry import application
from tests.messaging.harness import wait_for
from tests.support.services import bearer, running_service

pytestmark = pytest.mark.nats

EXAMPLE = examples.load("staffordshire-day-opportunities")
COUNCIL = bearer("commissioner", organisation="staffordshire-cc")


async def test_a_dps_changed_at_the_registry_is_followed_by_all_three_read_models(
    nats_server, database
):
    async with database("registry") as r_db, database("calloff") as c_db, \
            database("evaluation") as e_db, database("contracts") as k_db:
        async with running_service("registry", r_db, nats_server.url) as (_, registry), \
                running_service("calloff", c_db, nats_server.url) as (_, calloff), \
                running_service("evaluation", e_db, nats_server.url) as (_, evaluation), \
                running_service("contracts", k_db, nats_server.url) as (_, contracts):
            created = await registry.post("/dps", json=EXAMPLE, headers=COUNCIL)
            assert created.status_code == 201, created.text
            dps_id = created.json()["id"]
            assert (await registry.post(f"/dps/{dps_id}/open", headers=COUNCIL)).is_success

            added = await registry.post(
                f"/dps/{dps_id}/lots", json={"code": "TR", "title": "Transport only"},
                headers=COUNCIL,
            )
            assert added.status_code == 201, added.text

            organisation = "bright-futures-care"
            provider = bearer("provider", organisation=organisation, subject="owner-1")
            registered = await registry.post("/providers", headers=provider, json={
                "organisation": organisation, "name": "Bright Futures Care Ltd",
                "companies_house_number": "01234567", "cqc_provider_id": "1-101641548",
                "areas_served": ["ST16", "ST17"],
            })
            assert registered.status_code == 201, registered.text
            dps = (await registry.get(f"/dps/{dps_id}", headers=COUNCIL)).json()
            do = next(lot for lot in dps["lots"] if lot["code"] == "DO")
            body = application({**dps, "lots": [do]})
            applied = await registry.post("/applications", json=body, headers=provider)
            assert applied.status_code == 201, applied.text
            admitted = await registry.post(
                f"/applications/{applied.json()['id']}/admit", json={"why": "meets criteria"},
                headers=COUNCIL,
            )
            assert admitted.status_code == 200, admitted.text

            stopped = await registry.post(
                f"/dps/{dps_id}/lots/{do['id']}/stop-admissions",
                json={"reason": "enough providers for now"}, headers=COUNCIL,
            )
            assert stopped.status_code == 200, stopped.text
            closed = await registry.post(
                f"/dps/{dps_id}/close", json={"reason": "replaced"}, headers=COUNCIL
            )
            assert closed.status_code == 200, closed.text

            async def all_show_it() -> bool:
                answers = await asyncio.gather(
                    *(s.get(f"/dps/{dps_id}", headers=COUNCIL)
                      for s in (calloff, evaluation, contracts))
                )
                if any(a.status_code != 200 for a in answers):
                    return False
                return all(
                    a.json()["status"] == "closed"
                    and {(x["code"], x["admission_open"]) for x in a.json()["lots"]}
                    == {("DO", False), ("TR", True)}
                    for a in answers
                )

            await wait_for(all_show_it, what="the changes in all three read models")
            for service in (calloff, evaluation, contracts):
                listed = (await service.get("/dps", headers=COUNCIL)).json()["items"]
                detail = (await service.get(f"/dps/{dps_id}", headers=COUNCIL)).json()
                assert [d for d in listed if d["id"] == dps_id] == [detail]

            async def member_listed() -> bool:
                found = await calloff.get(
                    f"/dps/{dps_id}/lots/{do['id']}/members", headers=COUNCIL
                )
                return found.status_code == 200 and len(found.json()["items"]) == 1

            await wait_for(member_listed, what="the membership in the call-off service")
            [member] = (await calloff.get(
                f"/dps/{dps_id}/lots/{do['id']}/members", headers=COUNCIL)).json()["items"]
            assert member["provider_name"] == "Bright Futures Care Ltd"
            assert (member["status"], member["areas_served"]) == ("active", ["ST16", "ST17"])
            assert member["cqc_provider_id"] == "1-101641548"
