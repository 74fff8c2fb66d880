"""The call-off service between the real registry and a real nats-server: registry events in
(the DPS and its members), invitations out; a provider the registry suspends between
publication and deadline has its response invalidated at close; then the contracts
service's events, published into JetStream as a producer would, award the call-off (the
person's identity released to the winner only) and ask for a re-procurement."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import nats
import pytest

from shared.clock import ManualClock
from shared.demo import examples
from shared.demo.registry import application
from shared.events.base import Event
from shared.events.calloff import FundingShare, PriceLine, VolumeLine
from shared.events.contracts import ContractAwarded, ReprocurementRequested
from shared.messaging.envelope import body_for, headers_for
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER, PRACTITIONER
from tests.messaging.harness import wait_for
from tests.support.nats import stream_messages
from tests.support.services import bearer, running_service

pytestmark = pytest.mark.nats

EXAMPLE = examples.load("staffordshire-supported-living")
NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
KEEP = {"outbox_retention_days": 36_500}


async def publish_as_producer(url: str, *events: Event) -> None:
    """Into JetStream as the producing service's relay would put them."""
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for event in events:
            await js.publish(event.subject_name, body_for(event).encode(),
                             headers=headers_for(event, f"/care-dps/{event.producer}"))
    finally:
        await client.close()


async def subjects(url: str, call_off_id: str) -> list[dict[str, Any]]:
    found = []
    for message in await stream_messages(url, "dps.calloff.>"):
        body = json.loads(message.data)
        if body.get("aggregate_id") == call_off_id:
            found.append(body)
    return sorted(found, key=lambda e: e["aggregate_version"])


async def test_registry_events_in_invitations_out_and_a_suspension_invalidates_a_response(
    own_nats_server, database
):
    url = own_nats_server.url
    clock = ManualClock(NOW)
    async with database("registry") as r_db, database("calloff") as c_db:
        async with running_service("registry", r_db, url, clock=clock, **KEEP) as (_, registry), \
                running_service("calloff", c_db, url, clock=clock, **KEEP) as (app, calloff):
            council = bearer("commissioner", organisation="staffordshire-cc")
            created = await registry.post("/dps", json=EXAMPLE, headers=council)
            assert created.status_code == 201, created.text
            dps_id = created.json()["id"]
            assert (await registry.post(f"/dps/{dps_id}/open", headers=council)).is_success
            dps = (await registry.get(f"/dps/{dps_id}", headers=council)).json()
            lot_id = dps["lots"][0]["id"]
            members: dict[str, dict[str, Any]] = {}
            for n, name in enumerate(("Alpha Care Ltd", "Beta Care Ltd"), start=1):
                organisation = f"nats-provider-{n}"
                headers = bearer("provider", organisation=organisation, subject=f"owner-{n}")
                registered = await registry.post("/providers", headers=headers, json={
                    "organisation": organisation, "name": name,
                    "companies_house_number": f"0123456{n}",
                    "cqc_provider_id": f"1-10164154{n}", "areas_served": ["ST16", "ST17"],
                })
                assert registered.status_code == 201, registered.text
                applied = await registry.post("/applications", json=application(dps),
                                              headers=headers)
                assert applied.status_code == 201, applied.text
                admitted = await registry.post(
                    f"/applications/{applied.json()['id']}/admit", headers=council,
                    json={"why": "meets the selection criteria"},
                )
                assert admitted.status_code == 200, admitted.text
                members[name] = {"headers": headers, "provider_id": registered.json()["id"],
                                 "membership_id": admitted.json()["memberships"][0]["id"]}

            async def both_members_known() -> bool:
                found = await calloff.get(f"/dps/{dps_id}/lots/{lot_id}/members",
                                          headers=council)
                return found.status_code == 200 and len(found.json()["items"]) == 2

            await wait_for(both_members_known, what="the members in the call-off service")

            body = f.requirement_body(f.dps_events()[0], dps_id=dps_id, lot_id=lot_id)
            requirement = (await calloff.post("/requirements", json=body,
                                              headers=PRACTITIONER)).json()
            draft = await calloff.post("/call-offs", headers=COMMISSIONER, json=f.call_off_body(
                requirement["id"], response_deadline=(NOW + timedelta(days=7)).isoformat()))
            assert draft.status_code == 201, draft.text
            call_off_id = draft.json()["id"]
            published = await calloff.post(f"/call-offs/{call_off_id}/publish",
                                           headers=COMMISSIONER)
            assert published.json()["invitee_count"] == 2, published.text

            async def invitations_out() -> bool:
                return len(await subjects(url, call_off_id)) == 3

            await wait_for(invitations_out, what="the invitations in JetStream")
            events = await subjects(url, call_off_id)
            assert [e["subject"] for e in events] == [
                "dps.calloff.call_off_published.v1", "dps.calloff.invitation_issued.v1",
                "dps.calloff.invitation_issued.v1"]
            assert {e["provider_id"] for e in events[1:]} == {
                m["provider_id"] for m in members.values()}

            for member in members.values():
                responded = await calloff.post(f"/call-offs/{call_off_id}/responses",
                                               json=f.response_body(), headers=member["headers"])
                assert responded.status_code == 201, responded.text
            clock.advance(timedelta(days=2))
            beta = members["Beta Care Ltd"]
            suspended = await registry.post(
                f"/memberships/{beta['membership_id']}/suspend", headers=council,
                json={"reason": "safeguarding", "why": "an open safeguarding enquiry"},
            )
            assert suspended.status_code == 200, suspended.text

            async def beta_suspended() -> bool:
                found = await calloff.get(
                    f"/dps/{dps_id}/lots/{lot_id}/members?status=suspended", headers=council)
                return [m["provider_id"] for m in found.json()["items"]] == [
                    beta["provider_id"]]

            await wait_for(beta_suspended, what="the suspension in the call-off service")
            clock.advance(timedelta(days=6))
            assert (await app.state.ticker()).closed == 1

            async def closed_out() -> bool:
                return (await subjects(url, call_off_id))[-1]["subject"].endswith(
                    "call_off_closed.v1")

            await wait_for(closed_out, what="the close in JetStream")
            events = await subjects(url, call_off_id)
            closed = events[-1]
            alpha = members["Alpha Care Ltd"]
            assert [v["provider_id"] for v in closed["valid_responses"]] == [
                alpha["provider_id"]]
            assert [(i["provider_id"], i["reason"]) for i in closed["invalid_responses"]] == [
                (beta["provider_id"], "member_suspended")]
            [opened] = [e for e in events if e["subject"].endswith("response_opened.v1")]
            assert opened["provider_name"] == "Alpha Care Ltd"
            assert [e["aggregate_version"] for e in events] == list(range(1, len(events) + 1))

            awarded = ContractAwarded(
                occurred_at=clock.now(), aggregate_type="contract", aggregate_id=uuid4(),
                aggregate_version=1, contract_id=uuid4(), award_id=uuid4(),
                call_off_id=call_off_id, requirement_id=requirement["id"], dps_id=dps_id,
                lot_id=lot_id, provider_id=alpha["provider_id"], provider_name="Alpha Care Ltd",
                regime="pcr2015_light_touch", funding_route="council_arranged",
                funding_shares=[FundingShare(buyer="Staffordshire County Council",
                                             share_percent=100)],
                start_on=date(2027, 4, 1), initial_term_months=36, extension_months=[12, 12],
                rates=[PriceLine(element="support", unit="hour", amount=Decimal("14.20"))],
                volumes=[VolumeLine(element="support", unit="hour",
                                    quantity_per_week=Decimal(40))],
                annual_value=Decimal("59234.43"), whole_life_value=Decimal("296172.15"),
                awarded_at=clock.now(),
            )
            placement = uuid4()
            reprocure = ReprocurementRequested(
                occurred_at=clock.now(), aggregate_type="placement", aggregate_id=placement,
                aggregate_version=1, placement_id=placement, dps_id=dps_id, lot_id=lot_id,
                incumbent_name="Old Provider Ltd", need_band="medium",
                postcode_district="ST17", volumes=[], current_end_on=date(2027, 9, 30),
            )
            await publish_as_producer(url, awarded, reprocure)

            async def awarded_shown() -> bool:
                shown = await calloff.get(f"/call-offs/{call_off_id}", headers=COMMISSIONER)
                return shown.json()["status"] == "awarded"

            await wait_for(awarded_shown, what="the award in the call-off service")
            person = f"/requirements/{requirement['id']}/person"
            released = await calloff.get(person, headers=alpha["headers"])
            assert released.status_code == 200 and released.json()["nhs_number"] == f.NHS
            assert (await calloff.get(person, headers=beta["headers"])).status_code == 404

            async def draft_raised() -> bool:
                found = await calloff.get("/requirements?status=draft", headers=PRACTITIONER)
                return [r["placement_id"] for r in found.json()["items"]] == [str(placement)]

            await wait_for(draft_raised, what="the re-procurement draft")
