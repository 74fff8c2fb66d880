"""Call-offs through the API, on both stores: drafted, published to every eligible member
(events in the agreed order), refused with nothing written, cancelled, re-published; what a
provider may see of them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from shared.events.registry import MembershipSuspended
from tests.calloff import factories as f
from tests.calloff.api_support import AUDITOR, COMMISSIONER, PRACTITIONER, problem
from tests.support.services import bearer


async def test_publishing_freezes_the_list_and_sends_the_terms_then_one_invitation_each(
    calloff,
):
    dps = await calloff.open_dps()
    a = await calloff.member(dps)
    b = await calloff.member(dps, capacity=2)
    await calloff.member(dps, areas=["WS11"])  # does not serve ST16
    requirement = await calloff.requirement(dps)
    call_off = await calloff.draft(requirement)
    assert call_off["status"] == "draft" and call_off["terms"] is None
    published = await calloff.publish(call_off)
    assert (published["status"], published["invitee_count"]) == ("published", 2)

    events = await calloff.call_off_events(call_off["id"])
    assert [e["subject"] for e in events] == [
        "dps.calloff.call_off_published.v1",
        "dps.calloff.invitation_issued.v1",
        "dps.calloff.invitation_issued.v1",
    ]
    assert [e["aggregate_version"] for e in events] == [1, 2, 3]
    assert {e["aggregate_type"] for e in events} == {"call_off"}
    terms = events[0]["terms"]
    assert [(c["code"], c["kind"], c["weight"]) for c in terms["criteria"]] == [
        ("quality", "quality", "60"), ("cost", "cost", "30"),
        ("social_value", "social_value", "10")]
    assert terms["volumes"][0] == {"element": "support", "unit": "hour", "band": None,
                                   "quantity_per_week": "40"}
    assert terms["requirement_id"] == requirement["id"]
    assert (terms["start_on"], terms["initial_term_months"], terms["extension_months"]) == (
        "2027-04-01", 36, [12, 12])
    assert terms["funding_route"] == "council_arranged"
    assert terms["funding_shares"] == [{"buyer": "Staffordshire County Council",
                                        "share_percent": "100"}]
    assert terms["compliance"] == {"price_above_reference": "non_compliant",
                                   "abnormally_low_share": "0.8"}
    # 40 h x £14.75 + 7 nights x £87 = £1,199 a week, x 52.14 x 5 years
    assert Decimal(terms["whole_life_value"]) == Decimal("312579.30")
    assert (terms["threshold"], terms["above_threshold"]) == ("663540", False)
    assert terms["advertised"]["requirement_reference"] == requirement["reference"]
    assert {e["provider_id"] for e in events[1:]} == {a.provider_id, b.provider_id}
    assert all(e["advertised"] == terms["advertised"] for e in events[1:])

    listed = await calloff.client.get(f"/call-offs/{call_off['id']}/invitations",
                                      headers=COMMISSIONER)
    assert {i["provider_id"] for i in listed.json()["items"]} == {a.provider_id, b.provider_id}
    audit = await calloff.client.get(f"/call-offs/{call_off['id']}/audit", headers=AUDITOR)
    assert [d["action"] for d in audit.json()["items"]] == ["drafted", "published"]
    assert audit.json()["items"][1]["actor_id"] == "officer-1"


async def test_a_refused_publication_changes_nothing(calloff):
    dps = await calloff.open_dps()
    await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    call_off = await calloff.draft(
        requirement, response_deadline=(f.START + timedelta(days=9)).isoformat()
    )
    before = await calloff.fingerprint()
    refused = await calloff.client.post(f"/call-offs/{call_off['id']}/publish",
                                        headers=COMMISSIONER)
    body = problem(refused, 422, "response_period_too_short")
    assert body["minimum_days"] == 10
    assert await calloff.fingerprint() == before


async def test_consents_of_every_invitee_allow_a_shorter_pcr_period(calloff):
    dps = await calloff.open_dps()
    a = await calloff.member(dps)
    b = await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    call_off = await calloff.draft(
        requirement, response_deadline=(f.START + timedelta(days=3)).isoformat()
    )
    path = f"/call-offs/{call_off['id']}"
    consent = await calloff.client.post(
        f"{path}/short-period-consents",
        json={"provider_id": a.provider_id, "evidence": "E-mail of 26 Feb 2027"},
        headers=COMMISSIONER,
    )
    assert consent.status_code == 201, consent.text
    problem(await calloff.client.post(f"{path}/publish", headers=COMMISSIONER), 422,
            "response_period_too_short")
    await calloff.client.post(
        f"{path}/short-period-consents",
        json={"provider_id": b.provider_id, "evidence": "Letter of 27 Feb 2027"},
        headers=COMMISSIONER,
    )
    published = await calloff.publish(call_off)
    assert published["short_period"] is True


async def test_omitting_an_eligible_member_needs_its_reason_recorded(calloff):
    dps = await calloff.open_dps()
    a = await calloff.member(dps)
    b = await calloff.member(dps)
    call_off = await calloff.draft(await calloff.requirement(dps))
    blank = await calloff.client.post(
        f"/call-offs/{call_off['id']}/publish",
        json={"omissions": [{"provider_id": b.provider_id, "reason": ""}]}, headers=COMMISSIONER,
    )
    problem(blank, 422, "invalid_input")
    published = await calloff.publish(
        call_off, omissions=[{"provider_id": b.provider_id,
                              "reason": "Excluded: conflict of interest with the assessor"}])
    assert published["invitee_count"] == 1
    assert published["omitted"] == [{"provider_id": b.provider_id,
                                      "reason": "Excluded: conflict of interest with the assessor"}]
    [event] = await calloff.events("invitation_issued")
    assert event["provider_id"] == a.provider_id


async def test_drafting_is_refused_for_bad_criteria_and_nothing_is_written(calloff):
    dps = await calloff.open_dps()
    requirement = await calloff.requirement(dps)
    before = await calloff.fingerprint()
    for overrides, code in [
        ({"criteria": [{"code": "quality", "weight": "70"}, {"code": "innovation",
                                                              "weight": "30"}]},
         "criterion_not_in_catalogue"),
        ({"criteria": [{"code": "quality", "weight": "90"}, {"code": "cost", "weight": "10"}]},
         "weight_out_of_range"),
        ({"criteria": [{"code": "quality", "weight": "50"}, {"code": "cost", "weight": "30"}]},
         "weights_do_not_sum_to_100"),
        ({"criteria": [{"code": "quality", "weight": 60.5}]}, "invalid_input"),
        ({"response_deadline": "2027-03-01T10:00:00"}, "invalid_input"),
        ({"response_deadline": (f.START - timedelta(hours=1)).isoformat()},
         "response_deadline_passed"),
        ({"fixed_rates": [{"element": "support", "unit": "hour", "amount": "14.00"}]},
         "fixed_rates_only_when_fixed"),
        ({"requirement_id": str(f.uuid4())}, "unknown_requirement"),
    ]:
        refused = await calloff.client.post(
            "/call-offs", json={**f.call_off_body(requirement["id"]), **overrides},
            headers=COMMISSIONER,
        )
        problem(refused, 422, code)
    assert await calloff.fingerprint() == before
    problem(await calloff.client.post("/call-offs", json=f.call_off_body(requirement["id"]),
                                      headers=PRACTITIONER), 403, "http_403")


async def test_a_draft_requirement_cannot_go_out(calloff):
    dps = await calloff.open_dps()
    body = f.requirement_body(dps)
    del body["person"]
    draft = (await calloff.client.post("/requirements", json=body, headers=PRACTITIONER)).json()
    refused = await calloff.client.post(
        "/call-offs", json=f.call_off_body(draft["id"]), headers=COMMISSIONER
    )
    assert problem(refused, 422, "requirement_incomplete")["missing"] == ["person"]


async def test_a_requirement_goes_out_in_one_call_off_at_a_time(calloff):
    dps = await calloff.open_dps()
    await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    first = await calloff.draft(requirement)
    second = await calloff.draft(requirement)
    await calloff.publish(first)
    problem(await calloff.client.post(f"/call-offs/{second['id']}/publish",
                                      headers=COMMISSIONER), 409, "requirement_already_out")
    amended = await calloff.client.patch(
        f"/requirements/{requirement['id']}", json={"need_band": "low"}, headers=PRACTITIONER
    )
    problem(amended, 409, "requirement_in_use")


async def test_cancelling_a_published_call_off_needs_a_reason_and_tells_everyone(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    path = f"/call-offs/{call_off['id']}"
    problem(await calloff.client.post(f"{path}/cancel", json={"reason": ""},
                                      headers=COMMISSIONER), 422, "invalid_input")
    cancelled = await calloff.client.post(
        f"{path}/cancel", json={"reason": "The person moved to another county."},
        headers=COMMISSIONER,
    )
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["outcome_reason"] == "The person moved to another county."
    [event] = await calloff.events("call_off_cancelled")
    assert event["cancelled_by"] == "officer-1"
    problem(await calloff.client.post(f"{path}/cancel", json={"reason": "again"},
                                      headers=COMMISSIONER), 409, "call_off_cannot_be_cancelled")
    problem(await calloff.respond(call_off, member), 409, "call_off_not_open_for_responses")


async def test_no_valid_response_makes_it_unsuccessful_and_it_is_republished_linked(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    assert (await calloff.respond(call_off, member)).status_code == 201
    await calloff.apply(MembershipSuspended(
        occurred_at=f.START + timedelta(days=2), membership_id=member.event.membership_id,
        dps_id=dps.dps_id, lot_id=dps.lots[0].lot_id, provider_id=member.event.provider_id,
        reason_code="safeguarding",
    ))
    calloff.clock.advance(timedelta(days=14))
    assert (await calloff.tick()).closed == 1
    [unsuccessful] = await calloff.events("call_off_unsuccessful")
    assert unsuccessful["next_steps"] == ["republish"]
    assert "invalid" in unsuccessful["reason"]
    assert await calloff.events("call_off_closed") == []
    path = f"/call-offs/{call_off['id']}"
    shown = (await calloff.client.get(path, headers=COMMISSIONER)).json()
    assert shown["status"] == "unsuccessful"
    responses = (await calloff.client.get(f"{path}/responses", headers=COMMISSIONER)).json()
    assert responses["items"][0]["invalid_reason"] == "member_suspended"

    deadline = (calloff.clock.now() + timedelta(days=12)).isoformat()
    again = await calloff.client.post(f"{path}/republish", json={"response_deadline": deadline},
                                      headers=COMMISSIONER)
    assert again.status_code == 201, again.text
    successor = again.json()
    assert (successor["status"], successor["republished_from"]) == ("draft", call_off["id"])
    assert again.headers["location"] == f"/call-offs/{successor['id']}"
    assert (await calloff.client.get(path, headers=COMMISSIONER)).json()[
        "republished_as"] == successor["id"]
    problem(await calloff.client.post(f"{path}/republish", json={"response_deadline": deadline},
                                      headers=COMMISSIONER), 409, "call_off_cannot_be_republished")


async def test_a_provider_sees_only_call_offs_it_was_invited_to_and_no_council_detail(calloff):
    dps = await calloff.open_dps()
    invited = await calloff.member(dps)
    other = await calloff.member(dps, areas=["WS11"])
    draft_only = await calloff.draft(await calloff.requirement(dps, need_band="low"))
    call_off = await calloff.published(dps)
    shown = await calloff.client.get(f"/call-offs/{call_off['id']}", headers=invited.headers)
    assert shown.status_code == 200
    body = shown.json()
    assert body["terms"]["advertised"]["postcode_district"] == "ST16"
    assert (body["invitee_count"], body["omitted"], body["responses_received"]) == (
        None, None, None)
    assert all(value not in shown.text for value in f.IDENTITY_VALUES)
    for headers, call_off_id in ((other.headers, call_off["id"]),
                                 (invited.headers, draft_only["id"]),
                                 (invited.headers, str(f.uuid4()))):
        refused = await calloff.client.get(f"/call-offs/{call_off_id}", headers=headers)
        assert problem(refused, 404, "call_off_not_found")["call_off_id"] == call_off_id
    listed = await calloff.client.get("/call-offs", headers=invited.headers)
    assert [c["id"] for c in listed.json()["items"]] == [call_off["id"]]
    assert (await calloff.client.get("/call-offs", headers=other.headers)).json()["items"] == []
    inbox = (await calloff.client.get("/invitations", headers=invited.headers)).json()["items"]
    assert [(i["call_off_id"], i["status"]) for i in inbox] == [(call_off["id"], "published")]
    problem(await calloff.client.get(f"/call-offs/{call_off['id']}/invitations",
                                     headers=invited.headers), 403, "http_403")
    problem(await calloff.client.get("/call-offs", headers=bearer("evaluator")), 403, "http_403")
