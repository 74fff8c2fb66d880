"""Requirements through the API, on both stores: raised as drafts or ready, completed,
refused with a problem that names what to fix and nothing written; the person's identity
only on its restricted route, each access logged."""

from __future__ import annotations

from tests.calloff import factories as f
from tests.calloff.api_support import (
    AUDITOR,
    COMMISSIONER,
    PRACTITIONER,
    problem,
    provider_headers,
)
from tests.support.services import bearer


async def test_a_practitioner_raises_a_ready_requirement_and_the_answer_holds_no_identity(
    calloff,
):
    dps = await calloff.open_dps()
    made = await calloff.client.post(
        "/requirements", json=f.requirement_body(dps), headers=PRACTITIONER
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/requirements/{body['id']}"
    assert (body["status"], body["missing"], body["person_recorded"]) == ("ready", [], True)
    assert body["reference"].startswith("REQ-")
    assert all(value not in made.text for value in f.IDENTITY_VALUES)
    listed = await calloff.client.get("/requirements", headers=AUDITOR)
    assert [r["id"] for r in listed.json()["items"]] == [body["id"]]
    assert all(value not in listed.text for value in f.IDENTITY_VALUES)


async def test_a_draft_is_completed_with_the_person_and_then_is_ready(calloff):
    dps = await calloff.open_dps()
    body = f.requirement_body(dps)
    del body["person"], body["start_on"]
    draft = await calloff.client.post("/requirements", json=body, headers=PRACTITIONER)
    assert draft.status_code == 201, draft.text
    assert draft.json()["status"] == "draft"
    assert draft.json()["missing"] == ["start_on", "person"]
    requirement_id = draft.json()["id"]
    amended = await calloff.client.patch(
        f"/requirements/{requirement_id}", json={"start_on": "2027-05-03"}, headers=COMMISSIONER
    )
    assert amended.json()["missing"] == ["person"]
    recorded = await calloff.client.put(
        f"/requirements/{requirement_id}/person", json=f.PERSON, headers=PRACTITIONER
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "ready"
    assert all(value not in recorded.text for value in f.IDENTITY_VALUES)


async def test_a_requirement_without_a_lot_is_refused_naming_the_field(calloff):
    dps = await calloff.open_dps()
    body = f.requirement_body(dps)
    del body["lot_id"]
    before = await calloff.fingerprint()
    refused = await calloff.client.post("/requirements", json=body, headers=PRACTITIONER)
    assert "lot_id" in problem(refused, 422, "invalid_input")["detail"]
    unknown = await calloff.client.post(
        "/requirements", json=f.requirement_body(dps, lot_id=str(f.uuid4())),
        headers=PRACTITIONER,
    )
    problem(unknown, 422, "unknown_lot")
    no_dps = await calloff.client.post(
        "/requirements", json=f.requirement_body(dps, dps_id=str(f.uuid4())),
        headers=PRACTITIONER,
    )
    problem(no_dps, 422, "unknown_dps")
    assert await calloff.fingerprint() == before


async def test_bad_input_is_a_problem_naming_the_field_and_never_echoes_the_identity(calloff):
    dps = await calloff.open_dps()
    before = await calloff.fingerprint()
    cases = [
        ({"needs_summary": "x" * 2001}, 422, "invalid_input"),
        ({"volumes": [{"element": "support", "unit": "hour", "quantity_per_week": 40.5}]},
         422, "invalid_input"),
        ({"volumes": [{"element": "support", "unit": "hour", "quantity_per_week": "40"},
                      {"element": "support", "unit": "hour", "quantity_per_week": "4"}]},
         422, "invalid_volume"),
        ({"postcode_district": "ST16 3AB"}, 422, "invalid_postcode_district"),
        ({"start_on": "2027-02-01"}, 422, "start_date_passed"),
        ({"age_band": "45-54"}, 422, "advertised_details_disagree"),
        ({"needs_summary": "Evelyn Marchbanks needs help"}, 422, "identity_in_advertised_text"),
        ({"person": {**f.PERSON, "nhs_number": "943 476 5918"}}, 422, "invalid_nhs_number"),
        ({"person": {**f.PERSON, "nhs_number": "943 476 591x"}}, 422, "invalid_input"),
        ({"initial_term_months": 0}, 422, "invalid_input"),
    ]
    for change, status, code in cases:
        refused = await calloff.client.post(
            "/requirements", json=f.requirement_body(dps, **change), headers=PRACTITIONER
        )
        problem(refused, status, code)
        assert all(value not in refused.text for value in f.IDENTITY_VALUES), refused.text
    assert await calloff.fingerprint() == before


async def test_the_identity_goes_to_the_council_side_only_and_every_access_is_logged(calloff):
    dps = await calloff.open_dps()
    requirement = await calloff.requirement(dps)
    path = f"/requirements/{requirement['id']}/person"
    read = await calloff.client.get(path, headers=COMMISSIONER)
    assert read.status_code == 200, read.text
    assert read.json()["nhs_number"] == f.NHS and read.json()["postcode"] == "ST16 3AB"
    stranger = provider_headers("some-provider")
    problem(await calloff.client.get(path, headers=stranger), 404, "requirement_not_found")
    missing = await calloff.client.get(f"/requirements/{f.uuid4()}/person", headers=stranger)
    assert missing.json()["detail"].startswith("There is no requirement")
    problem(await calloff.client.get(path, headers=bearer("evaluator")), 403, "http_403")
    problem(await calloff.client.get(path, headers=AUDITOR), 403, "http_403")
    accesses = await calloff.client.get(f"{path}/accesses", headers=AUDITOR)
    assert [(a["action"], a["granted"], a["actor_role"]) for a in accesses.json()["items"]] == [
        ("recorded", True, "practitioner"),
        ("read", True, "commissioner"),
        ("read", False, "provider"),
    ]


async def test_requirement_routes_are_not_for_providers(calloff):
    dps = await calloff.open_dps()
    requirement = await calloff.requirement(dps)
    provider = provider_headers("a-provider")
    for response in (
        await calloff.client.get("/requirements", headers=provider),
        await calloff.client.get(f"/requirements/{requirement['id']}", headers=provider),
        await calloff.client.post("/requirements", json=f.requirement_body(dps),
                                  headers=provider),
    ):
        problem(response, 403, "http_403")
