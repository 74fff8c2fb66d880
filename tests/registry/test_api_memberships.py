"""Memberships through the API: suspension, reinstatement, final removal, re-declaration;
and what a provider keeps current (areas served, capacity, documents)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from shared.clock import LONDON
from tests.registry.api_support import COMMISSIONER, london, problem, sha

pytestmark = pytest.mark.nats


async def _member(registry, codes=("A",)):  # type: ignore[no-untyped-def]
    dps = await registry.open_dps()
    provider = await registry.provider()
    [membership, *_] = await registry.admitted(provider, dps, list(codes))
    return dps, provider, membership


@pytest.mark.parametrize(
    "reason", ["safeguarding", "expired_document", "missed_redeclaration", "exclusion_ground"]
)
async def test_active_member_suspended_for_each_reason_then_reinstated(registry, reason):
    _, _, m = await _member(registry)
    url = f"/memberships/{m['id']}"
    suspended = await registry.client.post(f"{url}/suspend", json={"reason": reason,
                                           "why": "see case 42"}, headers=COMMISSIONER)
    assert suspended.status_code == 200, suspended.text
    assert (suspended.json()["status"], suspended.json()["suspension_reason"]) == (
        "suspended", reason)
    problem(await registry.client.post(f"{url}/suspend", json={"reason": reason},
                                       headers=COMMISSIONER), 409, "membership_not_active")
    reinstated = await registry.client.post(f"{url}/reinstate", json={"why": "resolved"},
                                            headers=COMMISSIONER)
    assert reinstated.json()["status"] == "active"
    assert reinstated.json()["suspension_reason"] is None
    [s] = await registry.events("membership_suspended")
    assert s["reason_code"] == reason
    assert len(await registry.events("membership_reinstated", membership_id=m["id"])) == 1


async def test_unknown_suspension_reason_is_invalid_input(registry):
    _, _, m = await _member(registry)
    problem(await registry.client.post(f"/memberships/{m['id']}/suspend",
                                       json={"reason": "late_invoice"}, headers=COMMISSIONER),
            422, "invalid_input")


async def test_removal_is_final(registry):
    dps, provider, m = await _member(registry)
    url = f"/memberships/{m['id']}"
    removed = await registry.client.post(
        f"{url}/remove", json={"reason": "mandatory_exclusion", "why": "conviction"},
        headers=COMMISSIONER,
    )
    assert removed.json()["status"] == "removed"
    for action, body in (("reinstate", {"why": "x"}), ("suspend", {"reason": "safeguarding"}),
                         ("remove", {"reason": "other", "why": "x"})):
        problem(await registry.client.post(f"{url}/{action}", json=body, headers=COMMISSIONER),
                409, "membership_removed")
    [event] = await registry.events("membership_removed")
    assert event["reason_code"] == "mandatory_exclusion"
    # A removed provider may apply again, and gets a new membership if admitted.
    [again] = await registry.admitted(provider, dps, ["A"])
    assert again["id"] != m["id"]


async def test_provider_may_ask_to_leave_a_lot_but_not_be_removed_by_another(registry):
    dps, provider, m = await _member(registry)
    other = await registry.provider()
    leave = {"reason": "provider_request", "why": "closing this service"}
    problem(await registry.client.post(f"/memberships/{m['id']}/remove", json=leave,
                                       headers=other.headers), 404, "membership_not_found")
    left = await registry.client.post(f"/memberships/{m['id']}/remove", json=leave,
                                      headers=provider.headers)
    assert (left.json()["status"], left.json()["removal_reason"]) == ("removed",
                                                                     "provider_request")


async def test_redeclaration_is_asked_of_every_current_member_due_in_5_working_days(registry):
    dps = await registry.open_dps()
    lot_a = dps["lots"][0]["id"]
    members = [(await registry.admitted(await registry.provider(), dps, ["A"]))[0]
               for _ in range(3)]
    gone = members[2]
    await registry.client.post(f"/memberships/{gone['id']}/remove",
                               json={"reason": "other", "why": "ceased"}, headers=COMMISSIONER)
    registry.clock.set(london(date(2026, 12, 22), time(11)))  # Tuesday before Christmas
    asked = await registry.client.post(f"/dps/{dps['id']}/lots/{lot_a}/redeclaration-requests",
                                       headers=COMMISSIONER)
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert sorted(body["membership_ids"]) == sorted(m["id"] for m in members[:2])
    due = datetime.fromisoformat(body["due_at"]).astimezone(LONDON)
    # Christmas Day, the weekend and Boxing Day's substitute (Mon 28 Dec) do not count.
    assert (due.date(), due.time()) == (date(2026, 12, 31), time.max)
    events = await registry.events("membership_redeclaration_requested")
    assert {e["membership_id"] for e in events} == set(body["membership_ids"])
    assert {e["request_id"] for e in events} == {body["request_id"]}


async def test_member_redeclares_only_its_own_membership(registry):
    dps, provider, m = await _member(registry)
    await registry.client.post(
        f"/dps/{dps['id']}/lots/{m['lot_id']}/redeclaration-requests", headers=COMMISSIONER
    )
    other = await registry.provider()
    problem(await registry.client.post(f"/memberships/{m['id']}/redeclare",
                                       headers=other.headers), 404, "membership_not_found")
    answered = await registry.client.post(f"/memberships/{m['id']}/redeclare",
                                          json={"note": "nothing has changed"},
                                          headers=provider.headers)
    assert answered.json()["redeclarations"][0]["answered_at"] is not None
    problem(await registry.client.post(f"/memberships/{m['id']}/redeclare",
                                       headers=provider.headers), 404, "redeclaration_not_found")


async def test_memberships_are_listed_by_lot(registry):
    dps = await registry.open_dps()
    lot_a, lot_b = (lot["id"] for lot in dps["lots"])
    await registry.admitted(await registry.provider(), dps, ["A"])
    await registry.admitted(await registry.provider(), dps)
    in_a = await registry.client.get(f"/memberships?lot_id={lot_a}", headers=COMMISSIONER)
    in_b = await registry.client.get(f"/memberships?lot_id={lot_b}", headers=COMMISSIONER)
    assert (len(in_a.json()["items"]), len(in_b.json()["items"])) == (2, 1)
    assert {m["lot_id"] for m in in_a.json()["items"]} == {lot_a}


async def test_provider_declares_areas_served_as_postcode_districts(registry):
    provider = await registry.provider(areas=[])
    changed = await registry.client.put(
        f"/providers/{provider.id}/areas", json={"areas_served": ["st16", " WS11", "SW1A", "ST16"]},
        headers=provider.headers,
    )
    assert changed.json()["areas_served"] == ["ST16", "WS11", "SW1A"]
    [event] = await registry.events("provider_areas_changed", provider_id=provider.id)
    assert event["areas_served"] == ["ST16", "WS11", "SW1A"]


async def test_provider_declares_capacity_per_lot_of_a_dps(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    body = {"dps_id": dps["id"], "lot_id": dps["lots"][0]["id"], "capacity": 6}
    changed = await registry.client.put(f"/providers/{provider.id}/capacity", json=body,
                                        headers=provider.headers)
    assert changed.json()["capacities"] == [body]
    [event] = await registry.events("provider_capacity_changed")
    assert event["capacity"] == 6
    [m] = await registry.admitted(provider, dps, ["A"])
    [admitted] = await registry.events("provider_admitted")
    assert admitted["capacity"] == 6


async def test_provider_declares_documents_with_expiry_and_content_hash(registry):
    provider = await registry.provider()
    doc = {"document_type": "public_liability_insurance", "title": "PL policy 2026",
           "content_sha256": sha("policy"), "expires_on": "2027-03-31"}
    declared = await registry.client.post(f"/providers/{provider.id}/documents", json=doc,
                                          headers=provider.headers)
    assert declared.status_code == 201
    assert declared.json()["content_sha256"] == sha("policy")
    problem(await registry.client.post(f"/providers/{provider.id}/documents",
                                       json={**doc, "content_sha256": "not-a-hash"},
                                       headers=provider.headers), 422, "invalid_document")
    contact = await registry.client.post(
        f"/providers/{provider.id}/contacts",
        json={"name": "Sam Doe", "email": "sam@example.org", "role": "registered manager"},
        headers=provider.headers,
    )
    assert contact.status_code == 201
    record = (await registry.client.get(f"/providers/{provider.id}",
                                        headers=COMMISSIONER)).json()
    assert [c["email"] for c in record["contacts"]] == ["sam@example.org"]
    assert [d["expires_on"] for d in record["documents"]] == ["2027-03-31"]


async def test_an_organisation_registers_once(registry):
    provider = await registry.provider()
    again = await registry.client.post(
        "/providers", json={"organisation": provider.organisation, "name": "Again Ltd",
                            "companies_house_number": "SC123456"}, headers=provider.headers)
    problem(again, 409, "provider_already_registered")
    onboarded = await registry.client.post(
        "/providers", json={"organisation": "new-care", "name": "New Care Ltd",
                            "companies_house_number": "SC123456"}, headers=COMMISSIONER)
    assert onboarded.status_code == 201
    assert onboarded.json()["organisation"] == "new-care"
