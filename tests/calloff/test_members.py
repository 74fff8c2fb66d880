"""Who is eligible follows the registry's provider events: the CQC id as ProviderDetailsChanged
now gives it (R18), areas served and capacity; older news never overwrites newer."""

from __future__ import annotations

from datetime import timedelta

from shared.events.registry import (
    ProviderAreasChanged,
    ProviderCapacityChanged,
    ProviderDetailsChanged,
)
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER, problem


def details(member, at, cqc):  # type: ignore[no-untyped-def]
    return ProviderDetailsChanged(
        occurred_at=at, provider_id=member.event.provider_id,
        provider_name="Renamed Care Ltd", companies_house_number="01234567",
        cqc_provider_id=cqc,
    )


async def test_a_cqc_lot_invites_a_provider_once_its_details_give_a_cqc_id(calloff):
    dps = await calloff.open_dps()  # lot SL requires CQC registration
    member = await calloff.member(dps, cqc=None)
    requirement = await calloff.requirement(dps)
    call_off = await calloff.draft(requirement)
    refused = await calloff.client.post(f"/call-offs/{call_off['id']}/publish",
                                        headers=COMMISSIONER)
    problem(refused, 422, "no_eligible_provider")
    later, earlier = f.START - timedelta(days=1), f.START - timedelta(days=2)
    await calloff.apply(details(member, later, "1-101641548"))
    await calloff.apply(details(member, earlier, None))  # older news, arriving late
    members = await calloff.client.get(
        f"/dps/{dps.dps_id}/lots/{dps.lots[0].lot_id}/members", headers=COMMISSIONER)
    [listed] = members.json()["items"]
    assert (listed["cqc_provider_id"], listed["provider_name"]) == (
        "1-101641548", "Renamed Care Ltd")
    published = await calloff.publish(call_off)
    assert published["invitee_count"] == 1
    [invitation] = await calloff.events("invitation_issued")
    assert invitation["provider_id"] == member.provider_id


async def test_a_provider_whose_cqc_registration_is_withdrawn_is_not_invited(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    await calloff.member(dps, name="Other Care Ltd")
    await calloff.apply(details(member, f.START - timedelta(hours=1), None))
    published = await calloff.published(dps)
    assert published["invitee_count"] == 1
    [invitation] = await calloff.events("invitation_issued")
    assert invitation["provider_id"] != member.provider_id


async def test_areas_and_capacity_follow_the_registry(calloff):
    dps = await calloff.open_dps()
    moved = await calloff.member(dps)
    full = await calloff.member(dps)
    stays = await calloff.member(dps)
    await calloff.apply(
        ProviderAreasChanged(occurred_at=f.START - timedelta(hours=2),
                             provider_id=moved.event.provider_id,
                             provider_name=moved.event.provider_name, areas_served=["WS11"]),
        ProviderCapacityChanged(occurred_at=f.START - timedelta(hours=2),
                                provider_id=full.event.provider_id, dps_id=dps.dps_id,
                                lot_id=dps.lots[0].lot_id, capacity=0),
    )
    published = await calloff.published(dps)
    assert published["invitee_count"] == 1
    [invitation] = await calloff.events("invitation_issued")
    assert invitation["provider_id"] == stays.provider_id
