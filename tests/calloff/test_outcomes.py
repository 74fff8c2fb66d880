"""The contracts service's events, applied through the call-off service's own handlers (the
consumer's path without a broker; ``test_over_nats`` sends them through JetStream): the
outcome shown on the call-off, the identity released to the awarded provider only, and a
re-procurement raised as a requirement draft. Each applies once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from services.calloff.domain.errors import CallOffNotFound, OutcomeConflict
from shared.events.calloff import FundingShare, PriceLine, VolumeLine
from shared.events.contracts import AwardUnsuccessful, ContractAwarded, ReprocurementRequested
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER, PRACTITIONER, problem


def contract_awarded(call_off, requirement, member, dps, **overrides):  # type: ignore[no-untyped-def]
    values = dict(
        occurred_at=f.START + timedelta(days=20), contract_id=uuid4(), award_id=uuid4(),
        call_off_id=call_off["id"], requirement_id=requirement["id"], dps_id=dps.dps_id,
        lot_id=dps.lots[0].lot_id, provider_id=member.event.provider_id,
        provider_name=member.event.provider_name, regime="pcr2015_dps",
        funding_route="council_arranged",
        funding_shares=[FundingShare(buyer="Staffordshire County Council", share_percent=100)],
        start_on=date(2027, 4, 1), initial_term_months=36, extension_months=[12, 12],
        rates=[PriceLine(element="support", unit="hour", amount=Decimal("14.20"))],
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(40))],
        annual_value=Decimal("29615.52"), whole_life_value=Decimal("148077.60"),
        awarded_at=f.START + timedelta(days=20),
    )
    values.update(overrides)
    return ContractAwarded(**values)


async def closed_call_off(calloff):  # type: ignore[no-untyped-def]
    dps = await calloff.open_dps()
    winner = await calloff.member(dps, name="Winner Care Ltd")
    loser = await calloff.member(dps, name="Runner Up Ltd")
    requirement = await calloff.requirement(dps)
    call_off = await calloff.publish(await calloff.draft(requirement))
    for member in (winner, loser):
        assert (await calloff.respond(call_off, member)).status_code == 201
    calloff.clock.advance(timedelta(days=15))
    await calloff.tick()
    return dps, requirement, call_off, winner, loser


async def test_contract_awarded_releases_the_identity_to_that_provider_and_no_other(calloff):
    dps, requirement, call_off, winner, loser = await closed_call_off(calloff)
    person = f"/requirements/{requirement['id']}/person"
    problem(await calloff.client.get(person, headers=winner.headers), 404,
            "requirement_not_found")
    event = contract_awarded(call_off, requirement, winner, dps)
    await calloff.apply(event)
    await calloff.apply(event)  # the same event again changes nothing
    shown = (await calloff.client.get(f"/call-offs/{call_off['id']}",
                                      headers=COMMISSIONER)).json()
    assert (shown["status"], shown["contract_id"], shown["awarded_provider_name"]) == (
        "awarded", str(event.contract_id), "Winner Care Ltd")
    released = await calloff.client.get(person, headers=winner.headers)
    assert released.status_code == 200, released.text
    assert released.json()["family_name"] == "Marchbanks"
    problem(await calloff.client.get(person, headers=loser.headers), 404,
            "requirement_not_found")
    as_loser = (await calloff.client.get(f"/call-offs/{call_off['id']}",
                                         headers=loser.headers)).json()
    assert (as_loser["status"], as_loser["awarded_provider_id"]) == ("awarded", None)
    accesses = (await calloff.client.get(f"{person}/accesses", headers=COMMISSIONER)).json()
    assert [(a["granted"], a["provider_id"]) for a in accesses["items"][1:]] == [
        (False, winner.provider_id), (True, winner.provider_id), (False, loser.provider_id)]
    audit = (await calloff.client.get(f"/call-offs/{call_off['id']}/audit",
                                      headers=COMMISSIONER)).json()["items"]
    assert [d["actor_id"] for d in audit if d["action"] == "awarded"] == ["system:contracts"]


async def test_a_contract_for_a_call_off_not_closed_or_for_a_stranger_is_refused(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    call_off = await calloff.publish(await calloff.draft(requirement))
    with pytest.raises(OutcomeConflict):  # still open: dead-lettered by the consumer
        await calloff.apply(contract_awarded(call_off, requirement, member, dps))
    with pytest.raises(CallOffNotFound):
        await calloff.apply(contract_awarded({"id": uuid4()}, requirement, member, dps))


async def test_award_unsuccessful_is_the_call_offs_outcome_and_it_can_go_out_again(calloff):
    dps, requirement, call_off, winner, loser = await closed_call_off(calloff)
    event = AwardUnsuccessful(occurred_at=f.START + timedelta(days=20), award_id=uuid4(),
                              call_off_id=call_off["id"],
                              reason="Both providers declined the offer.")
    await calloff.apply(event, event.model_copy(update={"id": uuid4()}))
    shown = (await calloff.client.get(f"/call-offs/{call_off['id']}",
                                      headers=COMMISSIONER)).json()
    assert (shown["status"], shown["outcome_reason"]) == (
        "unsuccessful", "Both providers declined the offer.")
    again = await calloff.client.post(
        f"/call-offs/{call_off['id']}/republish", headers=COMMISSIONER,
        json={"response_deadline": (calloff.clock.now() + timedelta(days=11)).isoformat()},
    )
    assert again.status_code == 201, again.text
    problem(await calloff.client.get(f"/requirements/{requirement['id']}/person",
                                     headers=winner.headers), 404, "requirement_not_found")


async def test_a_reprocurement_raises_one_requirement_draft_with_no_personal_data(calloff):
    dps = await calloff.open_dps()
    placement = uuid4()
    event = ReprocurementRequested(
        occurred_at=f.START, placement_id=placement, dps_id=dps.dps_id,
        lot_id=dps.lots[0].lot_id, incumbent_name="Old Provider Ltd", need_band="medium",
        postcode_district="ST17",
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(20))],
        current_end_on=date(2027, 6, 30),
    )
    await calloff.apply(event)
    await calloff.apply(event.model_copy(update={"id": uuid4()}))  # asked twice: one draft
    [draft] = (await calloff.client.get("/requirements", headers=PRACTITIONER)).json()["items"]
    assert (draft["status"], draft["placement_id"], draft["incumbent_name"]) == (
        "draft", str(placement), "Old Provider Ltd")
    assert (draft["postcode_district"], draft["need_band"], draft["person_recorded"]) == (
        "ST17", "medium", False)
    assert draft["volumes"] == [{"element": "support", "unit": "hour", "band": None,
                                 "quantity_per_week": "20"}]
    assert set(draft["missing"]) == {"age_band", "needs_summary", "start_on",
                                     "initial_term_months", "funding_route", "person"}
    patched = await calloff.client.patch(f"/requirements/{draft['id']}", headers=PRACTITIONER,
                                         json={"age_band": "65-74", "postcode_district": "ST16",
                                               "needs_summary": "Support at home.",
                                               "start_on": "2027-07-01",
                                               "initial_term_months": 36,
                                               "funding_route": "council_arranged"})
    assert patched.json()["missing"] == ["person"]
    recorded = await calloff.client.put(f"/requirements/{draft['id']}/person", json=f.PERSON,
                                        headers=PRACTITIONER)
    assert recorded.json()["status"] == "ready"
