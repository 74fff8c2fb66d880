"""What a provider and a council need: a provider corrects its organisation; an incomplete
application is refused at once, each gap listed; one re-declaration request at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.registry.api_support import AUDITOR, COMMISSIONER, dps_body, lot_body, problem

pytestmark = pytest.mark.nats


async def test_a_provider_corrects_its_details_with_a_reason_and_other_services_hear_of_it(
    registry,
):
    provider = await registry.provider("bright")
    url = f"/providers/{provider.id}"
    corrected = await registry.client.patch(url, headers=provider.headers, json={
        "name": "Bright Futures Care Ltd", "companies_house_number": "SC123456",
        "why": "renamed at Companies House"})
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert (body["name"], body["companies_house_number"]) == (
        "Bright Futures Care Ltd", "SC123456")
    [event] = await registry.events("provider_details_changed")
    assert (event["provider_id"], event["provider_name"], event["companies_house_number"],
            event["cqc_provider_id"]) == (provider.id, "Bright Futures Care Ltd", "SC123456",
                                          provider.record["cqc_provider_id"])
    # Nothing to correct is no change at all; a wrong number is refused and changes nothing.
    before = await registry.fingerprint()
    same = await registry.client.patch(url, headers=provider.headers, json={
        "name": "Bright Futures Care Ltd", "why": "again"})
    assert same.status_code == 200
    problem(await registry.client.patch(url, headers=provider.headers, json={
        "companies_house_number": "ABCDEFGH", "cqc_provider_id": "1-101641548", "why": "typo"}),
        422, "invalid_companies_house_number")
    problem(await registry.client.patch(url, headers=COMMISSIONER, json={
        "name": "Renamed by the council", "why": "x"}), 403, "http_403")
    assert await registry.fingerprint() == before


async def test_a_provider_registered_without_a_cqc_id_joins_a_cqc_lot_once_it_adds_one(registry):
    dps = await registry.open_dps(lots=[lot_body("A", cqc_registration_required=True)])
    provider = await registry.provider(cqc=False)
    problem(await registry.apply(provider, dps), 422, "cqc_registration_required")
    added = await registry.client.patch(f"/providers/{provider.id}", headers=provider.headers,
                                        json={"cqc_provider_id": "1-101641548",
                                              "why": "registered with the CQC"})
    assert added.json()["cqc_provider_id"] == "1-101641548"
    [member] = await registry.admitted(provider, dps)
    [admitted] = await registry.events("provider_admitted", membership_id=member["id"])
    assert admitted["cqc_provider_id"] == "1-101641548"


async def test_a_provider_adds_changes_and_removes_its_contacts(registry):
    provider = await registry.provider()
    url = f"/providers/{provider.id}/contacts"
    added = (await registry.client.post(url, headers=provider.headers, json={
        "name": "Sam Jones", "email": "sam@example.org"})).json()
    changed = await registry.client.put(f"{url}/{added['id']}", headers=provider.headers, json={
        "name": "Sam Jones", "email": "sam.jones@example.org", "phone": "01785 000000"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["email"] == "sam.jones@example.org"
    read = (await registry.client.get(f"/providers/{provider.id}", headers=AUDITOR)).json()
    assert [c["email"] for c in read["contacts"]] == ["sam.jones@example.org"]
    removed = await registry.client.delete(f"{url}/{added['id']}", headers=provider.headers)
    assert removed.status_code == 204
    read = (await registry.client.get(f"/providers/{provider.id}", headers=AUDITOR)).json()
    assert read["contacts"] == []
    problem(await registry.client.delete(f"{url}/{added['id']}", headers=provider.headers),
            404, "contact_not_found")
    # Contacts are personal data: no event carries them.
    assert not [e for e in await registry.outbox() if "sam" in str(e).lower()]


async def test_an_incomplete_application_is_refused_at_submission_with_each_gap_listed(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    body = registry.application_body(dps, ["A", "B"])
    body["answers"] = body["answers"][1:]  # lot A's SQ1 unanswered
    body["documents"] = []
    before = await registry.fingerprint()
    refused = problem(await registry.client.post("/applications", json=body,
                                                 headers=provider.headers),
                      422, "application_incomplete")
    assert refused["gaps"] == [
        "A: question SQ1 is unanswered",
        "A: no public_liability_insurance is declared",
        "B: no public_liability_insurance is declared",
    ]
    assert await registry.fingerprint() == before


async def test_listing_the_same_lot_twice_in_an_application_is_refused(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    body = registry.application_body(dps, ["A"])
    body["lot_ids"] = body["lot_ids"] * 2
    before = await registry.fingerprint()
    problem(await registry.client.post("/applications", json=body, headers=provider.headers),
            422, "lot_listed_twice")
    assert await registry.fingerprint() == before


async def test_a_second_redeclaration_request_on_a_lot_is_refused_while_one_is_open(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    [member] = await registry.admitted(provider, dps, ["A"])
    url = f"/dps/{dps['id']}/lots/{member['lot_id']}/redeclaration-requests"
    first = await registry.client.post(url, headers=COMMISSIONER)
    assert first.status_code == 201
    before = await registry.fingerprint()
    second = problem(await registry.client.post(url, headers=COMMISSIONER), 409,
                     "redeclaration_already_requested")
    assert datetime.fromisoformat(second["due_at"]) == datetime.fromisoformat(
        first.json()["due_at"])
    assert await registry.fingerprint() == before
    # Answered, the request is no longer open: the council may ask again.
    await registry.client.post(f"/memberships/{member['id']}/redeclare", headers=provider.headers)
    assert (await registry.client.post(url, headers=COMMISSIONER)).status_code == 201


async def test_a_redeclaration_request_may_follow_one_that_has_fallen_due(registry):
    dps = await registry.open_dps(suspend_on_missed_redeclaration=False)
    [member] = await registry.admitted(await registry.provider(), dps, ["A"])
    url = f"/dps/{dps['id']}/lots/{member['lot_id']}/redeclaration-requests"
    assert (await registry.client.post(url, headers=COMMISSIONER)).status_code == 201
    registry.clock.advance(timedelta(days=14))
    assert (await registry.client.post(url, headers=COMMISSIONER)).status_code == 201


async def test_a_negative_participation_fee_is_refused(registry):
    before = await registry.fingerprint()
    refused = problem(await registry.client.post("/dps", headers=COMMISSIONER, json=dps_body(
        regime="pa2023_dynamic_market", decision_service_level_working_days=10,
        participation_fee="-50.00")), 422, "invalid_input")
    assert [e["field"] for e in refused["errors"]] == ["body.participation_fee"]
    assert await registry.fingerprint() == before
