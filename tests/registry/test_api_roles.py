"""Who may do what: commissioners set up and decide, a provider acts and reads for its own
organisation only, auditors read everything and change nothing, the public reads open DPSs."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest

from tests.registry.api_support import AUDITOR, COMMISSIONER, dps_body, problem
from tests.support.services import bearer

pytestmark = pytest.mark.nats


async def test_no_token_is_401_with_a_bearer_challenge(registry):
    for method, path in (("GET", "/dps"), ("POST", "/dps"), ("GET", "/applications"),
                         ("GET", "/memberships"), ("GET", f"/dps/{uuid4()}/audit"),
                         ("POST", "/providers"), ("GET", "/applications/overdue")):
        response = await registry.client.request(method, path)
        problem(response, 401, "http_401")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_wrong_role_is_403(registry):
    provider = await registry.provider()
    dps = await registry.open_dps()
    app_id = (await registry.apply(provider, dps, ["A"])).json()["id"]
    practitioner = bearer("practitioner")
    cases = [
        ("POST", "/dps", provider.headers, dps_body()),
        ("POST", "/dps", practitioner, dps_body()),
        ("GET", "/dps", practitioner, None),
        ("GET", "/dps", provider.headers, None),
        ("POST", f"/applications/{app_id}/admit", provider.headers, {"why": "self-service"}),
        ("POST", "/applications", COMMISSIONER, registry.application_body(dps, ["B"])),
        ("GET", "/applications/overdue", provider.headers, None),
        ("GET", f"/dps/{dps['id']}/audit", provider.headers, None),
    ]
    for method, path, headers, body in cases:
        response = await registry.client.request(method, path, headers=headers, json=body)
        problem(response, 403, "http_403")


async def test_another_providers_record_is_404_with_the_same_body_as_a_missing_one(registry):
    dps = await registry.open_dps()
    owner, other = await registry.provider(), await registry.provider()
    [membership] = await registry.admitted(owner, dps, ["A"])
    applied = (await registry.apply(owner, dps, ["B"])).json()
    lot = dps["lots"][0]["id"]
    document = {"document_type": "x", "title": "x", "content_sha256": "a" * 64}
    # (method, path with {id} for the record, the record's id, its not-found code, body)
    cases = [
        ("GET", "/providers/{id}", owner.id, "provider_not_found", None),
        ("PATCH", "/providers/{id}", owner.id, "provider_not_found",
         {"name": "Taken Over Ltd", "why": "x"}),
        ("PUT", "/providers/{id}/areas", owner.id, "provider_not_found",
         {"areas_served": ["ST16"]}),
        ("PUT", "/providers/{id}/capacity", owner.id, "provider_not_found",
         {"dps_id": dps["id"], "lot_id": lot, "capacity": 1}),
        ("POST", "/providers/{id}/documents", owner.id, "provider_not_found", document),
        ("POST", "/providers/{id}/contacts", owner.id, "provider_not_found",
         {"name": "X", "email": "x@example.org"}),
        ("GET", "/applications/{id}", applied["id"], "application_not_found", None),
        ("POST", "/applications/{id}/withdraw", applied["id"], "application_not_found", None),
        ("GET", "/memberships/{id}", membership["id"], "membership_not_found", None),
        ("POST", "/memberships/{id}/redeclare", membership["id"], "membership_not_found", None),
        ("POST", "/memberships/{id}/remove", membership["id"], "membership_not_found",
         {"reason": "provider_request", "why": "leaving"}),
    ]
    before = await registry.fingerprint()
    for method, path, record_id, code, body in cases:
        theirs = await registry.client.request(
            method, path.format(id=record_id), headers=other.headers, json=body)
        missing_id = str(uuid4())
        missing = await registry.client.request(
            method, path.format(id=missing_id), headers=other.headers, json=body)
        hidden = problem(theirs, 404, code)
        assert json.dumps(hidden).replace(record_id, missing_id) == json.dumps(
            problem(missing, 404, code)), (method, path)
        assert owner.organisation not in theirs.text and owner.record["name"] not in theirs.text
    assert await registry.fingerprint() == before


async def test_a_provider_filtering_on_another_provider_finds_nothing(registry):
    dps = await registry.open_dps()
    owner, other = await registry.provider(), await registry.provider()
    await registry.admitted(owner, dps, ["A"])
    for path in (f"/memberships?provider_id={owner.id}", f"/applications?provider_id={owner.id}"):
        listed = await registry.client.get(path, headers=other.headers)
        assert listed.status_code == 200 and listed.json() == {"items": [], "next_cursor": None}


async def test_a_provider_registers_only_its_own_organisation(registry):
    owner, other = await registry.provider(), await registry.provider()
    for organisation in (owner.organisation, "someone-else"):
        body = {"organisation": organisation, "name": "X", "companies_house_number": "01234567"}
        answer = await registry.client.post("/providers", json=body, headers=other.headers)
        problem(answer, 403, "role_not_permitted")
        assert owner.id not in answer.text  # nothing said of whether it is registered


async def test_a_provider_cannot_read_a_draft_dps(registry):
    draft = await registry.create_dps(name="Next year's DPS")
    provider = await registry.provider()
    for path in (f"/dps/{draft['id']}", f"/dps/{draft['id']}/lots/{draft['lots'][0]['id']}"):
        answer = await registry.client.get(path, headers=provider.headers)
        problem(answer, 404, "dps_not_found")
        assert "Next year" not in answer.text
        assert (await registry.client.get(path, headers=COMMISSIONER)).status_code == 200
    applying = await registry.client.post(
        "/applications", json=registry.application_body(draft), headers=provider.headers)
    problem(applying, 404, "dps_not_found")


async def test_provider_lists_only_its_own_applications_memberships_and_record(registry):
    dps = await registry.open_dps()
    mine, theirs = await registry.provider(), await registry.provider()
    await registry.admitted(mine, dps, ["A"])
    await registry.admitted(theirs, dps, ["A"])
    await registry.apply(theirs, dps, ["B"])
    for path in ("/applications", "/memberships", f"/memberships?dps_id={dps['id']}"):
        listed = (await registry.client.get(path, headers=mine.headers)).json()["items"]
        assert listed and {x["provider_id"] for x in listed} == {mine.id}, path
    providers = (await registry.client.get("/providers", headers=mine.headers)).json()["items"]
    assert [p["id"] for p in providers] == [mine.id]
    everyone = (await registry.client.get("/memberships", headers=COMMISSIONER)).json()["items"]
    assert {m["provider_id"] for m in everyone} == {mine.id, theirs.id}


async def test_auditor_reads_everything_and_changes_nothing(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    [membership] = await registry.admitted(provider, dps, ["A"])
    app_id = membership["application_id"]
    for path in ("/dps", f"/dps/{dps['id']}", "/applications", f"/applications/{app_id}",
                 "/applications/overdue", "/memberships", f"/memberships/{membership['id']}",
                 "/providers", f"/providers/{provider.id}", f"/dps/{dps['id']}/audit",
                 f"/dps/{dps['id']}/audit.csv"):
        assert (await registry.client.get(path, headers=AUDITOR)).status_code == 200, path
    before = await registry.fingerprint()
    for path, body in ((f"/dps/{dps['id']}/close", {"reason": "audit"}),
                       (f"/memberships/{membership['id']}/suspend",
                        {"reason": "safeguarding"}),
                       (f"/applications/{app_id}/reject", {"reasons": ["x"]}),
                       ("/dps", dps_body())):
        problem(await registry.client.post(path, json=body, headers=AUDITOR), 403, "http_403")
    assert await registry.fingerprint() == before


async def test_public_view_of_an_open_dps_needs_no_token_and_shows_no_provider_data(registry):
    draft = await registry.create_dps(name="Draft DPS")
    problem(await registry.client.get(f"/public/dps/{draft['id']}"), 404, "dps_not_found")
    dps = await registry.open_dps()
    provider = await registry.provider("secretive")
    await registry.client.post(
        f"/providers/{provider.id}/contacts",
        json={"name": "Private Person", "email": "private.person@example.org"},
        headers=provider.headers,
    )
    [membership] = await registry.admitted(provider, dps, ["A"])

    public = await registry.client.get(f"/public/dps/{dps['id']}")
    assert public.status_code == 200
    body = public.json()
    assert [lot["code"] for lot in body["lots"]] == ["A", "B"]
    assert body["lots"][0]["questions"] and body["rate_cards"] and body["criteria"]
    text = json.dumps(body)
    for private in (provider.id, provider.organisation, provider.record["name"],
                    "private.person@example.org", membership["id"],
                    membership["application_id"], "officer-1", "ST16"):
        assert private not in text
    listed = (await registry.client.get("/public/dps")).json()["items"]
    assert [d["id"] for d in listed] == [dps["id"]]

    await registry.client.post(f"/dps/{dps['id']}/close", json={"reason": "ended"},
                               headers=COMMISSIONER)
    problem(await registry.client.get(f"/public/dps/{dps['id']}"), 404, "dps_not_found")
