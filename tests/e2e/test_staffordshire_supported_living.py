"""Staffordshire supported living, end to end, the four services as separate processes,
through their HTTP APIs only: a PCR 2015 DPS (regulation 34) whose providers apply and are
admitted on the statutory 10-working-day clock; a call-off priced on quality and cost inside
£13.60-£14.75 an hour and £78-£87 a night; approval within the scheme of delegation; a
2-year contract with two 12-month extension options; the person's identity released to the
awarded provider only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shared.demo import calloff, contracts, evaluation, examples, registry
from shared.demo.client import ApiError
from shared.demo.lifecycle import Bid, Council, Package, award, publish, respond
from shared.identity import provider_id_for
from shared.workdays import add_working_days, local_date
from tests.e2e.support import a_person, admitted_providers, care_dps

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e]

COUNCIL = "staffordshire-cc"
BUYER = "Staffordshire County Council"


def pcr_dps() -> dict:
    """The seed's supported living DPS, as a regulation-34 DPS: it must end by 23 Feb 2029,
    so two years from 1 January 2027 with no extension of the DPS itself."""
    body = examples.load("staffordshire-supported-living")
    body.update(regime="pcr2015_dps", initial_term_months=24, extension_months=[])
    body.pop("decision_service_level_working_days", None)
    return body


async def test_staffordshire_supported_living_from_admission_to_a_signed_contract(
    tmp_path, backend
):
    async with care_dps(tmp_path, backend) as system:
        council = Council.of(system, COUNCIL, approval_limit="250000")
        dps = await registry.open_dps(system, council.commissioner, pcr_dps())
        lot = dps["lots"][0]

        # Admission on the statutory clock: due 10 working days after the application.
        names = ["Bright Futures Care", "Moorlands Support", "Trent Valley Living",
                 "Cannock Chase Care"]
        providers = await admitted_providers(system, council.commissioner, dps, names[:3],
                                             areas=["ST16", "ST17"])
        late = system.caller("provider", "cannock-chase-care", "cannock-manager")
        await registry.register(system, late, names[3], number=30_000_099, areas=["ST16"])
        applied = await registry.apply(system, late, dps)
        submitted = local_date(system.now())
        due = date.fromisoformat(applied["decision_due_at"][:10])
        assert due == add_working_days(submitted, 10)
        system.advance(timedelta(days=16))  # past the due day
        overdue = await system.get("registry", "/applications/overdue", council.commissioner)
        assert [a["id"] for a in overdue["items"]] == [applied["id"]]
        await registry.admit(system, council.commissioner, applied["id"])
        providers.append(late)

        # Into the DPS's term (its rate card is in force from 1 January 2027), a call-off for
        # 40 hours of support and 7 sleep-in nights a week, 2 + 1 + 1 years.
        system.advance_past("2027-01-05T09:00:00+00:00")
        today = local_date(system.now())
        await calloff.knows_dps(system, council.commissioner, dps["id"], lots=1)
        package = Package(
            dps_id=dps["id"], lot_id=lot["id"],
            details={
                "age_band": "25-34", "postcode_district": "ST16", "need_band": "high",
                "needs_summary": "Supported living with a sleep-in, help with daily living.",
                "pattern": "Daytime support and a waking presence overnight.",
                "volumes": [
                    {"element": "support", "unit": "hour", "quantity_per_week": "40"},
                    {"element": "sleep_in", "unit": "night", "quantity_per_week": "7"},
                ],
                "start_on": (today + timedelta(days=45)).isoformat(),
                "initial_term_months": 24, "extension_months": [12, 12],
                "funding_route": "council_arranged",
            },
            person=a_person(1, "25-34", "ST16", today),
            criteria=[{"code": "quality", "weight": "60"}, {"code": "cost", "weight": "40"}],
            bids=[
                Bid(providers[0], quality=4, price_factor=Decimal("0.6")),
                Bid(providers[1], quality=3, price_factor=Decimal("0.1")),
                Bid(providers[2], quality=5, price_factor=Decimal("1.3")),  # above the range
                Bid(providers[3], declines_invitation=True),
            ],
            response_days=10,  # the least a PCR 2015 DPS allows
        )
        await publish(system, council, package, system.now())
        published = package.call_off
        assert published["invitee_count"] == 4  # every eligible member, nobody else (R5)
        terms = published["terms"]
        assert {(r["element"], r["min_amount"], r["max_amount"])
                for r in terms["reference_rates"]} == {
            ("support", "13.60", "14.75"), ("sleep_in", "78.00", "87.00")}
        assert terms["above_threshold"] is False
        await respond(system, package)
        system.advance_past(published["response_deadline"])
        await ensure_contracts_scheme(system, council)

        outcome = await award(system, council, package)
        assert outcome.status == "awarded"
        contract = outcome.contract
        assert contract is not None
        # The best value inside the reference ranges wins; the bid above them was not
        # compliant, so it was never ranked.
        found = await evaluation.evaluation_of(system, council.commissioner, published["id"])
        ranked = {r["provider_id"]: r for r in found["response_list"]}
        above = ranked[str(provider_id_for(providers[2].organisation))]
        assert above["compliant"] is False
        assert "price_above_reference" in " ".join(above["compliance_reasons"])
        winner = provider_id_for(providers[0].organisation)
        assert contract["provider_id"] == str(winner)
        assert (contract["initial_term_months"], contract["extension_months"]) == (24, [12, 12])
        assert contract["status"] == "draft"
        for rate in contract["rates"]:
            band = {"support": ("13.60", "14.75"), "sleep_in": ("78.00", "87.00")}
            low, high = band[rate["element"]]
            assert Decimal(low) <= Decimal(rate["amount"]) <= Decimal(high)
        assert outcome.award["approver_level"] == "lead_commissioner"

        # The call-off shows its outcome; the person goes to the awarded provider only.
        awarded = await calloff.settled(system, council.commissioner, published["id"],
                                        ("awarded",))
        assert awarded["contract_id"] == contract["id"]
        requirement_id = published["requirement_id"]
        person = await system.get("calloff", f"/requirements/{requirement_id}/person",
                                  providers[0])
        assert person["nhs_number"] == package.person["nhs_number"]
        with pytest.raises(ApiError) as refused:
            await system.get("calloff", f"/requirements/{requirement_id}/person", providers[1])
        assert refused.value.status == 404

        # On its start date the contract becomes active.
        system.advance_past(contract["start_on"] + "T00:00:00+00:00")

        async def active() -> dict | None:
            found = await contracts_read(system, council, contract["id"])
            return found if found["status"] == "active" else None

        await system.eventually(active, "the contract to start")


async def ensure_contracts_scheme(system, council) -> None:  # type: ignore[no-untyped-def]
    await contracts.ensure_scheme(system, council.commissioner, BUYER)


async def contracts_read(system, council, contract_id):  # type: ignore[no-untyped-def]
    return await system.get("contracts", f"/contracts/{contract_id}", council.commissioner)
