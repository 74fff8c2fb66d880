"""Bad input gets a problem document with a stable type, and changes nothing at all: every
row of every registry table (and the outbox) is the same before and after."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from uuid import uuid4

import pytest

from tests.registry.api_support import COMMISSIONER, dps_body, lot_body, problem
from tests.support.services import bearer

pytestmark = pytest.mark.nats


@asynccontextmanager
async def changes_nothing(registry):  # type: ignore[no-untyped-def]
    before = await registry.fingerprint()
    yield
    assert await registry.fingerprint() == before


async def test_unknown_lot_is_refused_and_changes_nothing(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    body = {**registry.application_body(dps, ["A"]), "lot_ids": [str(uuid4())]}
    async with changes_nothing(registry):
        problem(await registry.client.post("/applications", json=body, headers=provider.headers),
                404, "lot_not_found")
        card = {"effective_from": "2027-01-01", "rates": [
            {"element": "support", "unit": "hour", "min_amount": "14", "max_amount": "15"}]}
        problem(await registry.client.post(f"/dps/{dps['id']}/lots/{uuid4()}/rate-cards",
                                           json=card, headers=COMMISSIONER), 404, "lot_not_found")
        capacity = {"dps_id": dps["id"], "lot_id": str(uuid4()), "capacity": 3}
        problem(await registry.client.put(f"/providers/{provider.id}/capacity", json=capacity,
                                          headers=provider.headers), 404, "lot_not_found")
        unknown_lot = f"/dps/{dps['id']}/lots/{uuid4()}"
        problem(await registry.client.post(f"{unknown_lot}/redeclaration-requests",
                                           headers=COMMISSIONER), 404, "lot_not_found")


async def test_second_live_application_to_the_same_lot_is_refused_and_changes_nothing(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    first = await registry.apply(provider, dps, ["A"])
    assert first.status_code == 201
    async with changes_nothing(registry):
        body = problem(await registry.apply(provider, dps), 409, "second_live_application")
        assert body["application_id"] == first.json()["id"]
    assert (await registry.apply(provider, dps, ["B"])).status_code == 201  # another lot is fine


async def test_applying_again_as_a_member_is_refused_and_changes_nothing(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    await registry.admitted(provider, dps, ["A"])
    async with changes_nothing(registry):
        problem(await registry.apply(provider, dps, ["A"]), 409, "already_member")


async def test_deciding_twice_is_refused_and_changes_nothing(registry):
    dps = await registry.open_dps()
    applied = await registry.apply(await registry.provider(), dps, ["A"])
    url = f"/applications/{applied.json()['id']}"
    assert (await registry.client.post(f"{url}/admit", json={"why": "qualifies"},
                                       headers=COMMISSIONER)).status_code == 200
    async with changes_nothing(registry):
        problem(await registry.client.post(f"{url}/admit", json={"why": "again"},
                                           headers=COMMISSIONER), 409,
                "application_already_decided")
        problem(await registry.client.post(f"{url}/reject", json={"reasons": ["changed mind"]},
                                           headers=COMMISSIONER), 409,
                "application_already_decided")


async def test_invalid_postcode_district_is_refused_and_changes_nothing(registry):
    provider = await registry.provider()
    async with changes_nothing(registry):
        body = problem(await registry.client.put(
            f"/providers/{provider.id}/areas", json={"areas_served": ["ST16", "ST16 4AA"]},
            headers=provider.headers), 422, "invalid_postcode_district")
        assert body["value"] == "ST16 4AA"
        problem(await registry.client.put(
            f"/providers/{provider.id}/areas", json={"areas_served": ["QQ1"]},
            headers=provider.headers), 422, "invalid_postcode_district")
        problem(await registry.client.post(
            "/providers", json={"organisation": "fresh-org", "name": "Fresh Ltd",
                                "companies_house_number": "01234567",
                                "areas_served": ["ST16", "nowhere"]},
            headers=bearer("provider", organisation="fresh-org")), 422,
            "invalid_postcode_district")


async def test_rate_whose_minimum_exceeds_its_maximum_is_refused_and_changes_nothing(registry):
    dps = await registry.create_dps()
    upside_down = {"effective_from": "2029-01-01", "rates": [
        {"element": "support", "unit": "hour", "min_amount": "14.75", "max_amount": "13.60"}]}
    async with changes_nothing(registry):
        body = problem(await registry.client.post(
            f"/dps/{dps['id']}/lots/{dps['lots'][0]['id']}/rate-cards", json=upside_down,
            headers=COMMISSIONER), 422, "rate_min_above_max")
        assert (body["min_amount"], body["max_amount"]) == ("14.75", "13.60")
        problem(await registry.client.post(
            "/dps", json=dps_body(lots=[lot_body("A", rate_cards=[upside_down])]),
            headers=COMMISSIONER), 422, "rate_min_above_max")


async def test_term_beyond_what_the_regime_allows_is_refused_and_changes_nothing(registry):
    async with changes_nothing(registry):
        # PCR 2015: ends by 23 Feb 2029; 2 years + 2 x 12 months from 2026 would end in 2029.
        problem(await registry.client.post(
            "/dps", json=dps_body(extension_months=[12, 12]), headers=COMMISSIONER),
            422, "term_beyond_regime")
        # An open framework (Procurement Act 2023) lasts eight years at most.
        problem(await registry.client.post(
            "/dps", json=dps_body(regime="pa2023_open_framework", initial_term_months=60,
                                  extension_months=[24, 24],
                                  decision_service_level_working_days=10),
            headers=COMMISSIONER), 422, "term_beyond_regime")


async def test_provider_acting_on_another_providers_application_is_refused(registry):
    dps = await registry.open_dps()
    owner, intruder = await registry.provider(), await registry.provider()
    app_id = (await registry.apply(owner, dps, ["A"])).json()["id"]
    async with changes_nothing(registry):
        problem(await registry.client.post(f"/applications/{app_id}/withdraw",
                                           headers=intruder.headers), 404,
                "application_not_found")
        problem(await registry.client.get(f"/applications/{app_id}", headers=intruder.headers),
                404, "application_not_found")
        applying_for_owner = {**registry.application_body(dps, ["B"]), "provider_id": owner.id}
        problem(await registry.client.post("/applications", json=applying_for_owner,
                                           headers=intruder.headers), 422, "invalid_input")


async def test_malformed_bodies_are_invalid_input_and_change_nothing(registry):
    dps = await registry.open_dps()
    async with changes_nothing(registry):
        body = problem(await registry.client.post("/dps", json={"name": "x"},
                                                  headers=COMMISSIONER), 422, "invalid_input")
        assert {e["field"] for e in body["errors"]} >= {"body.buyers", "body.regime"}
        problem(await registry.client.post("/dps", json=dps_body(regime="pcr2006"),
                                           headers=COMMISSIONER), 422, "invalid_input")
        problem(await registry.client.post(f"/dps/{dps['id']}/close", json={},
                                           headers=COMMISSIONER), 422, "invalid_input")
        problem(await registry.client.get("/dps/not-a-uuid", headers=COMMISSIONER),
                422, "invalid_input")
        problem(await registry.client.get(f"/dps/{uuid4()}", headers=COMMISSIONER),
                404, "dps_not_found")
        problem(await registry.client.post(f"/applications/{uuid4()}/admit", json={"why": "x"},
                                           headers=COMMISSIONER), 404, "application_not_found")


async def test_deciding_twice_at_the_same_moment_admits_once(registry):
    dps = await registry.open_dps()
    applied = await registry.apply(await registry.provider(), dps, ["A"])
    url = f"/applications/{applied.json()['id']}"
    answers = await asyncio.gather(*(
        registry.client.post(f"{url}/admit", json={"why": f"officer {i}"}, headers=COMMISSIONER)
        for i in range(3)
    ))
    assert sorted(a.status_code for a in answers) == [200, 409, 409], [a.text for a in answers]
    for lost in (a for a in answers if a.status_code == 409):
        assert lost.json()["code"] in ("application_already_decided", "concurrent_change")
    members = await registry.client.get(f"/memberships?dps_id={dps['id']}", headers=COMMISSIONER)
    assert len(members.json()["items"]) == 1
    assert len(await registry.events("provider_admitted")) == 1


async def test_two_applications_to_one_lot_at_the_same_moment_leave_one_live(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    answers = await asyncio.gather(*(registry.apply(provider, dps, ["A"]) for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    for lost in (a for a in answers if a.status_code == 409):
        assert lost.json()["code"] in ("second_live_application", "concurrent_change")
    live = await registry.client.get(f"/applications?dps_id={dps['id']}", headers=COMMISSIONER)
    assert len(live.json()["items"]) == 1
