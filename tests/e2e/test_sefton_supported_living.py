"""Sefton's pseudo DPS (light touch, joint with two CCGs), end to end through the HTTP APIs of
four separate processes: one direct call-off and one mini-competition at the council's fixed
hourly rate, 95% quality and 5% social value; the top provider declines and the next is
awarded; a 3 + 1 + 1 year contract, one extension taken; the OCDS feed shows it all, valid,
with nothing of the people who need care."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shared.demo import calloff, contracts, evaluation, examples, registry
from shared.demo.lifecycle import Bid, Council, Package, award, publish, respond
from shared.identity import provider_id_for
from shared.workdays import local_date
from tests.e2e.support import a_person, admitted_providers, care_dps
from tests.publication.ocds_tooling import CLEAN, OCDS_DIR, Validator, problems
from tests.publication.personal_data import findings

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e]

BUYERS = ["Sefton Metropolitan Borough Council", "NHS South Sefton CCG",
          "NHS Southport and Formby CCG"]
HOURLY = [{"element": "support", "unit": "hour", "amount": "17.90"}]
QUALITY_AND_SOCIAL_VALUE = [{"code": "quality", "weight": "95"},
                            {"code": "social_value", "weight": "5"}]


def details(today: date, district: str) -> dict:
    return {
        "age_band": "45-54", "postcode_district": district, "need_band": "high",
        "needs_summary": "Supported living in a shared house; help with medication.",
        "pattern": "Day support, seven days a week.",
        "volumes": [{"element": "support", "unit": "hour", "quantity_per_week": "35"}],
        "start_on": (today + timedelta(days=40)).isoformat(),
        "initial_term_months": 36, "extension_months": [12, 12],
        "funding_route": "individual_service_fund",
    }


async def test_sefton_direct_award_and_a_fixed_rate_competition_down_the_ranked_list(
    tmp_path, backend
):
    async with care_dps(tmp_path, backend) as system:
        council = Council.of(system, "sefton-mbc")
        for buyer in BUYERS:  # a joint commission: every buyer's scheme applies
            await contracts.ensure_scheme(system, council.commissioner, buyer)
        dps = await registry.open_dps(system, council.commissioner,
                                      examples.load("sefton-supported-living"))
        lot = dps["lots"][0]
        providers = await admitted_providers(
            system, council.commissioner, dps,
            ["Mersey Support", "Southport Living", "Crosby Care", "Formby Homes"],
            areas=["L20", "L21", "PR8", "PR9"])
        system.advance_past("2027-01-04T09:00:00+00:00")
        today = local_date(system.now())

        # A direct call-off: the person chose a provider that already supports them.
        direct = Package(
            dps_id=dps["id"], lot_id=lot["id"], details=details(today, "L20"),
            person=a_person(21, "45-54", "L20", today), criteria=QUALITY_AND_SOCIAL_VALUE,
            bids=[Bid(providers[0])], kind="direct_award", pricing_mode="fixed_rate",
            fixed_rates=HOURLY, direct_award_to=providers[0], response_days=3,
        )
        await publish(system, council, direct, system.now())
        assert direct.call_off["invitee_count"] == 1
        await respond(system, direct)
        await system.call("calloff", "POST", f"/call-offs/{direct.call_off['id']}/close",
                          council.commissioner)  # every invitee answered: light touch
        first = await award(system, council, direct)
        assert first.status == "awarded" and first.contract is not None
        assert first.contract["provider_id"] == str(provider_id_for(providers[0].organisation))

        # A mini-competition at the fixed hourly rate, 95/5: the top provider declines.
        competition = Package(
            dps_id=dps["id"], lot_id=lot["id"], details=details(today, "PR8"),
            person=a_person(22, "45-54", "PR8", today), criteria=QUALITY_AND_SOCIAL_VALUE,
            bids=[Bid(providers[1], quality=5, declines_offer=True),
                  Bid(providers[2], quality=4),
                  Bid(providers[3], quality=2),
                  Bid(providers[0], quality=3)],
            pricing_mode="fixed_rate", fixed_rates=HOURLY, response_days=5,
        )
        await publish(system, council, competition, system.now())
        call_off = competition.call_off
        assert call_off["terms"]["funding_shares"][0]["buyer"] == BUYERS[0]
        await respond(system, competition)
        system.advance_past(call_off["response_deadline"])
        outcome = await award(system, council, competition)
        assert outcome.status == "awarded" and outcome.contract is not None
        found = await evaluation.evaluation_of(system, council.commissioner, call_off["id"])
        assert found["method"] == "quality_social_value"
        order = [r["provider_id"] for r in sorted(found["response_list"],
                                                   key=lambda r: r["rank"] or 99)]
        assert order[:2] == [str(provider_id_for(p.organisation)) for p in providers[1:3]]
        statuses = {c["provider_id"]: c["status"] for c in outcome.award["candidates"]}
        assert statuses[order[0]] == "declined" and statuses[order[1]] == "accepted"
        contract = outcome.contract
        assert contract["provider_id"] == order[1]
        assert (contract["initial_term_months"], contract["extension_months"]) == (36, [12, 12])
        assert [Decimal(r["amount"]) for r in contract["rates"]] == [Decimal("17.90")]

        # 3 + 1 + 1: once running, one 12-month option is taken.
        system.advance_past(contract["start_on"] + "T12:00:00+00:00")

        async def started() -> dict | None:
            read = await system.get("contracts", f"/contracts/{contract['id']}",
                                    council.commissioner)
            return read if read["status"] == "active" else None

        running = await system.eventually(started, "the contract to start")
        extended = await system.call(
            "contracts", "POST", f"/contracts/{contract['id']}/extensions",
            council.commissioner, json={"options": 1, "reason": "Outcomes are good."})
        assert extended["status"] == "extended"
        assert extended["options_taken"] == 1 and extended["options_left"] == [12]
        initial_end = date.fromisoformat(running["initial_end_on"])
        assert date.fromisoformat(extended["current_end_on"]) == date(
            initial_end.year + 1, initial_end.month, initial_end.day)
        awarded = await calloff.settled(system, council.commissioner, call_off["id"],
                                        ("awarded",))
        assert awarded["awarded_provider_id"] == order[1]

        # The open-data feed (no token) shows it all: the DPS, both call-offs linked to it,
        # their awards and contracts, the extension as an amendment.
        await feed_shows_it_all(system, dps, direct, competition, contract)


async def feed_shows_it_all(system, dps, direct, competition, contract) -> None:  # type: ignore[no-untyped-def]
    async def compiled() -> dict | None:
        records = [r for page in await feed_pages(system, "/ocds/records?limit=200")
                   for r in page["records"]]
        found = {r["ocid"]: r["compiledRelease"] for r in records}
        wanted = [ocid_of(i, found) for i in (dps["id"], direct.call_off["id"],
                                             competition.call_off["id"])]
        if None in wanted:
            return None
        amended = [c for c in found[str(wanted[2])].get("contracts", []) if c.get("amendments")]
        return found if amended else None

    found = await system.eventually(compiled, "the feed to show the extension")
    parent = ocid_of(dps["id"], found)
    assert found[parent]["tender"]["techniques"]["hasDynamicPurchasingSystem"] is True
    for package in (direct, competition):
        release = found[ocid_of(package.call_off["id"], found)]
        assert {(p["relationship"][0], p["identifier"]) for p in release["relatedProcesses"]} \
            == {("framework", parent)}
        assert release["awards"] and release["contracts"]
    competed = found[ocid_of(competition.call_off["id"], found)]
    [signed] = [c for c in competed["contracts"] if c.get("amendments")]
    assert Decimal(str(signed["value"]["amount"])) > 0

    # Nothing of either person, anywhere; and valid OCDS (where the schema is at hand).
    packages = [*await feed_pages(system, "/ocds/releases?limit=50"),
                *await feed_pages(system, "/ocds/records?limit=50")]
    for package in (direct, competition):
        person = {"name": f"{package.person['given_name']} {package.person['family_name']}",
                  "date_of_birth": date.fromisoformat(package.person["date_of_birth"]),
                  "address": package.person["address_lines"][0],
                  "postcode": package.person["postcode"],
                  "nhs_number": package.person["nhs_number"]}
        assert [f for p in packages for f in findings(p, person)] == []
    if (OCDS_DIR / "1.1.5" / "release-schema.json").exists():
        validator = Validator(OCDS_DIR)
        try:
            for package in packages:
                assert problems(validator.validate(package)) == CLEAN
        finally:
            validator.close()


async def feed_pages(system, path: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    """Every page of an open-data feed route (no token), following its ``next`` links."""
    base = system.urls["contracts"][0]
    url, pages = base + path, []
    while url:
        answer = await system.http.get(url)
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        url = answer.links.get("next", {}).get("url", "")
        if url.startswith("/"):
            url = base + url
    return pages


def ocid_of(process_id: str, found: dict) -> str | None:  # type: ignore[type-arg]
    return next((ocid for ocid in found if ocid.endswith(process_id)), None)
