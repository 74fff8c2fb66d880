"""Invitees through the API, on both stores: sealed responses (only invitees, only before
the deadline, amended or withdrawn until then), declines, clarifications; closing at the
deadline or early, with suspended members' responses invalid."""

from __future__ import annotations

from datetime import timedelta

from shared.events.registry import MembershipReinstated, MembershipSuspended
from tests.calloff import factories as f
from tests.calloff.api_support import AUDITOR, COMMISSIONER, problem


def suspended(dps, member, at):  # type: ignore[no-untyped-def]
    return MembershipSuspended(
        occurred_at=at, membership_id=member.event.membership_id, dps_id=dps.dps_id,
        lot_id=dps.lots[0].lot_id, provider_id=member.event.provider_id,
        reason_code="safeguarding",
    )


async def test_a_response_is_sealed_from_the_council_until_the_call_off_closes(calloff):
    dps = await calloff.open_dps()
    a = await calloff.member(dps)
    b = await calloff.member(dps)
    call_off = await calloff.published(dps)
    path = f"/call-offs/{call_off['id']}/responses"
    made = await calloff.respond(call_off, a)
    assert made.status_code == 201, made.text
    response = made.json()
    assert made.headers["location"] == f"{path}/{response['id']}"
    assert response["content"]["prices"][0]["amount"] == "14.20"

    for reader in (COMMISSIONER, AUDITOR):
        listed = (await calloff.client.get(path, headers=reader)).json()["items"]
        assert [(r["id"], r["sealed"], r["content"]) for r in listed] == [
            (response["id"], True, None)]
        one = (await calloff.client.get(f"{path}/{response['id']}", headers=reader)).json()
        assert one["sealed"] is True and one["content"] is None
        assert "14.20" not in str(listed)
    shown = (await calloff.client.get(f"/call-offs/{call_off['id']}",
                                      headers=COMMISSIONER)).json()
    assert shown["responses_received"] == 1
    [submitted] = await calloff.events("response_submitted")
    assert set(submitted) >= {"response_id", "provider_id", "submitted_at"}
    assert "answers" not in submitted and "prices" not in submitted
    own = (await calloff.client.get(f"{path}/{response['id']}", headers=a.headers)).json()
    assert own["sealed"] is False and own["content"]["answers"][0]["criterion_code"] == "quality"
    problem(await calloff.client.get(f"{path}/{response['id']}", headers=b.headers), 404,
            "response_not_found")
    assert (await calloff.client.get(path, headers=b.headers)).json()["items"] == []

    calloff.clock.advance(timedelta(days=14))
    await calloff.tick()
    for reader in (COMMISSIONER, AUDITOR):
        opened = (await calloff.client.get(f"{path}/{response['id']}", headers=reader)).json()
        assert opened["sealed"] is False and opened["content"]["prices"][1]["amount"] == "82.00"


async def test_only_invitees_respond_and_only_before_the_deadline(calloff):
    dps = await calloff.open_dps()
    invited = await calloff.member(dps)
    outsider = await calloff.member(dps, areas=["WS11"])
    call_off = await calloff.published(dps)
    before = await calloff.fingerprint()
    problem(await calloff.respond(call_off, outsider), 404, "call_off_not_found")
    calloff.clock.advance(timedelta(days=14))
    late = await calloff.respond(call_off, invited)
    problem(late, 422, "deadline_passed")
    assert await calloff.fingerprint() == before


async def test_response_content_is_checked_against_the_call_off(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    before = await calloff.fingerprint()
    cases = [
        ({"answers": [{"criterion_code": "quality", "text": "Good."}]}, "incomplete_response"),
        ({"answers": [{"criterion_code": "quality", "text": "a"},
                      {"criterion_code": "social_value", "text": "b"},
                      {"criterion_code": "innovation", "text": "c"}]}, "incomplete_response"),
        ({"prices": [{"element": "support", "unit": "hour", "amount": "14.20"}]},
         "prices_do_not_match_volumes"),
        ({"prices": [{"element": "support", "unit": "hour", "amount": 14.2},
                     {"element": "sleep_in", "unit": "night", "amount": "82.00"}]},
         "invalid_input"),
        ({"answers": [{"criterion_code": "quality", "text": "x" * 6001}]}, "invalid_input"),
        ({"capacity_confirmed": "maybe"}, "invalid_input"),
    ]
    for change, code in cases:
        problem(await calloff.respond(call_off, member, **change), 422, code)
    assert await calloff.fingerprint() == before


async def test_a_price_for_a_fixed_rate_call_off_is_refused(calloff):
    dps = await calloff.open_dps("pcr2015_light_touch")
    member = await calloff.member(dps)
    call_off = await calloff.published(
        dps, pricing_mode="fixed_rate",
        criteria=[{"code": "quality", "weight": "80"}, {"code": "social_value", "weight": "20"}],
        fixed_rates=[{"element": "support", "unit": "hour", "amount": "14.50"},
                     {"element": "sleep_in", "unit": "night", "amount": "85.00"}],
    )
    before = await calloff.fingerprint()
    problem(await calloff.respond(call_off, member), 422, "price_not_allowed")
    problem(await calloff.respond(call_off, member, prices=[]), 422, "fixed_rate_not_accepted")
    assert await calloff.fingerprint() == before
    accepted = await calloff.respond(call_off, member, prices=[], accepts_fixed_rate=True)
    assert accepted.status_code == 201, accepted.text


async def test_an_invitee_amends_or_withdraws_until_the_deadline_one_live_response_each(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    path = f"/call-offs/{call_off['id']}/responses"
    first = (await calloff.respond(call_off, member)).json()
    problem(await calloff.respond(call_off, member), 409, "response_already_submitted")
    amended = await calloff.client.put(
        f"{path}/{first['id']}", headers=member.headers,
        json=f.response_body(prices=[{"element": "support", "unit": "hour", "amount": "14.00"},
                                     {"element": "sleep_in", "unit": "night",
                                      "amount": "80.00"}]),
    )
    assert amended.json()["content"]["prices"][0]["amount"] == "14.00"
    withdrawn = await calloff.client.post(f"{path}/{first['id']}/withdraw",
                                          headers=member.headers)
    assert withdrawn.json()["status"] == "withdrawn"
    problem(await calloff.client.post(f"{path}/{first['id']}/withdraw", headers=member.headers),
            409, "response_withdrawn")
    again = await calloff.respond(call_off, member)
    assert again.status_code == 201
    subjects = [e["subject"].split(".")[2] for e in await calloff.call_off_events(call_off["id"])]
    assert subjects[2:] == ["response_submitted", "response_submitted", "response_withdrawn",
                            "response_submitted"]
    calloff.clock.advance(timedelta(days=14))
    problem(await calloff.client.put(f"{path}/{again.json()['id']}", headers=member.headers,
                                     json=f.response_body()), 422, "deadline_passed")


async def test_declining_says_why_and_lets_the_call_off_close_early_where_allowed(calloff):
    dps = await calloff.open_dps("pcr2015_light_touch")
    a = await calloff.member(dps)
    b = await calloff.member(dps)
    call_off = await calloff.published(dps)
    path = f"/call-offs/{call_off['id']}"
    problem(await calloff.client.post(f"{path}/close", headers=COMMISSIONER), 409,
            "call_off_cannot_close_early")
    assert (await calloff.respond(call_off, a)).status_code == 201
    problem(await calloff.client.post(f"{path}/decline", json={"reason": "full"},
                                      headers=a.headers), 409, "withdraw_before_declining")
    declined = await calloff.client.post(f"{path}/decline", json={"reason": "No staff in ST16"},
                                         headers=b.headers)
    assert declined.status_code == 204
    invitations = (await calloff.client.get(f"{path}/invitations", headers=COMMISSIONER)).json()
    assert {i["provider_id"]: i["decline_reason"] for i in invitations["items"]}[
        b.provider_id] == "No staff in ST16"
    closed = await calloff.client.post(f"{path}/close", headers=COMMISSIONER)
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["closed_early"]) == ("closed", True)
    [event] = await calloff.events("call_off_closed")
    assert event["closed_early"] is True and len(event["valid_responses"]) == 1


async def test_a_pcr_call_off_closes_early_only_after_its_10_days(calloff):
    dps = await calloff.open_dps("pcr2015_dps")
    a = await calloff.member(dps)
    call_off = await calloff.published(dps, response_deadline=(
        f.START + timedelta(days=20)).isoformat())
    await calloff.respond(call_off, a)
    path = f"/call-offs/{call_off['id']}/close"
    problem(await calloff.client.post(path, headers=COMMISSIONER), 409,
            "call_off_cannot_close_early")
    calloff.clock.advance(timedelta(days=10))
    assert (await calloff.client.post(path, headers=COMMISSIONER)).json()["status"] == "closed"


async def test_at_the_deadline_valid_responses_are_opened_then_the_call_off_closes(calloff):
    dps = await calloff.open_dps()
    a = await calloff.member(dps, name="Alpha Care Ltd")
    b = await calloff.member(dps, name="Beta Care Ltd")
    c = await calloff.member(dps, name="Gamma Care Ltd")
    call_off = await calloff.published(dps)
    for member in (a, b, c):
        assert (await calloff.respond(call_off, member)).status_code == 201
    # b is suspended before the deadline (invalid), c suspended and reinstated (valid),
    # a suspended after the deadline (its response stands).
    await calloff.apply(suspended(dps, b, f.START + timedelta(days=3)))
    await calloff.apply(suspended(dps, c, f.START + timedelta(days=4)))
    await calloff.apply(MembershipReinstated(
        occurred_at=f.START + timedelta(days=5), membership_id=c.event.membership_id,
        dps_id=dps.dps_id, lot_id=dps.lots[0].lot_id, provider_id=c.event.provider_id))
    calloff.clock.advance(timedelta(days=14, minutes=1))
    await calloff.apply(suspended(dps, a, calloff.clock.now()))
    report = await calloff.tick()
    assert (report.closed, report.failed) == (1, 0)
    events = await calloff.call_off_events(call_off["id"])
    subjects = [e["subject"].split(".")[2] for e in events]
    assert subjects[-3:] == ["response_opened", "response_opened", "call_off_closed"]
    opened = [e for e in events if e["subject"].endswith("response_opened.v1")]
    assert {e["provider_name"] for e in opened} == {"Alpha Care Ltd", "Gamma Care Ltd"}
    assert opened[0]["prices"][0] == {"element": "support", "unit": "hour", "band": None,
                                      "amount": "14.20"}
    closed = events[-1]
    assert {v["provider_id"] for v in closed["valid_responses"]} == {a.provider_id, c.provider_id}
    assert [(i["provider_id"], i["reason"]) for i in closed["invalid_responses"]] == [
        (b.provider_id, "member_suspended")]
    assert closed["terms"]["call_off_id"] == call_off["id"]
    assert (await calloff.tick()).closed == 0  # closed once
    shown = (await calloff.client.get(f"/call-offs/{call_off['id']}",
                                      headers=COMMISSIONER)).json()
    assert shown["status"] == "closed"


async def test_a_suspended_member_cannot_respond(calloff):
    dps = await calloff.open_dps()
    member = await calloff.member(dps)
    call_off = await calloff.published(dps)
    await calloff.apply(suspended(dps, member, f.START + timedelta(hours=1)))
    problem(await calloff.respond(call_off, member), 422, "member_not_active")


async def test_no_response_at_the_deadline_is_unsuccessful_with_next_steps(calloff):
    dps = await calloff.open_dps("pcr2015_light_touch")
    await calloff.member(dps)
    await calloff.published(dps)
    calloff.clock.advance(timedelta(days=14))
    await calloff.tick()
    [event] = await calloff.events("call_off_unsuccessful")
    assert event["next_steps"] == ["republish", "direct_award"]
    assert event["reason"] == "No response was received by the deadline."
    assert await calloff.events("response_opened") == []


async def test_clarifications_reach_every_invitee_without_naming_the_asker(calloff):
    dps = await calloff.open_dps()
    asker = await calloff.member(dps)
    other = await calloff.member(dps)
    call_off = await calloff.published(dps)
    path = f"/call-offs/{call_off['id']}/clarifications"
    asked = await calloff.client.post(path, json={"question": "Is a driver needed?"},
                                      headers=asker.headers)
    assert asked.status_code == 201, asked.text
    question = asked.json()
    assert question["asked_by"] is None
    assert (await calloff.client.get(path, headers=other.headers)).json()["items"] == []
    council = (await calloff.client.get(path, headers=COMMISSIONER)).json()["items"]
    assert council[0]["asked_by"] == asker.provider_id
    problem(await calloff.client.post(f"{path}/{question['id']}/answer",
                                      json={"answer": "Yes"}, headers=asker.headers),
            403, "http_403")
    answered = await calloff.client.post(f"{path}/{question['id']}/answer",
                                         json={"answer": "No: day trips use taxis."},
                                         headers=COMMISSIONER)
    assert answered.json()["answer"] == "No: day trips use taxis."
    problem(await calloff.client.post(f"{path}/{question['id']}/answer",
                                      json={"answer": "Again"}, headers=COMMISSIONER),
            409, "clarification_already_answered")
    seen = (await calloff.client.get(path, headers=other.headers)).json()["items"]
    assert [(c["question"], c["answer"], c["asked_by"]) for c in seen] == [
        ("Is a driver needed?", "No: day trips use taxis.", None)]
    [event] = await calloff.events("clarification_answered")
    assert event["question"] == "Is a driver needed?" and "provider_id" not in event
