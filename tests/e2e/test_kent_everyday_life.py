"""Kent's everyday life DPS, end to end through the HTTP APIs of four separate processes:
providers join in the initial window; after it, Lot 1b (a closed lot) refuses a late
applicant; six months after the DPS starts, a reopening window admits a new provider to Lot
1a; a Lot 2 call-off reaches a member that delivers remotely from outside the person's
district, and ends in a contract."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from shared.demo import calloff, contracts, examples, registry
from shared.demo.client import ApiError
from shared.demo.lifecycle import Bid, Council, Package, award, publish, respond
from shared.identity import provider_id_for
from shared.workdays import local_date
from tests.e2e.support import a_person, admitted_providers, care_dps

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.e2e]

BUYER = "Kent County Council"


async def test_kent_closed_lot_reopening_window_and_a_remote_lot_2_call_off(tmp_path, backend):
    async with care_dps(tmp_path, backend) as system:
        council = Council.of(system, "kent-cc")
        dps = await registry.open_dps(system, council.commissioner,
                                      examples.load("kent-everyday-life"))
        lots = {lot["code"]: lot for lot in dps["lots"]}

        # In the initial window: two providers in Canterbury join every lot; a Maidstone one
        # joins Lot 2 only, and delivers its training remotely.
        canterbury = await admitted_providers(
            system, council.commissioner, dps, ["Garden of England Care", "Stour Valley Day"],
            areas=["CT1", "CT2"])
        [remote] = await admitted_providers(
            system, council.commissioner, dps, ["Medway Skills Online"], areas=["ME14"],
            lot_codes=["2"], start=3)

        # After the initial window: Lot 1b is closed for good, and Lot 1a waits for a window.
        system.advance_past("2027-04-01T09:00:00+01:00")
        late = system.caller("provider", "thanet-late-care", "thanet-manager")
        await registry.register(system, late, "Thanet Late Care", number=30_000_050,
                                areas=["CT9"])
        for codes, refusal in ((["1b"], "closed_lot_window_passed"),
                               (["1a"], "outside_reopening_window")):
            with pytest.raises(ApiError) as refused:
                await registry.apply(system, late, dps, codes)
            assert refused.value.code == refusal, refused.value

        # The first reopening: six months after the DPS started, for four weeks.
        window = await system.call(
            "registry", "POST", f"/dps/{dps['id']}/windows", council.commissioner,
            json={"opens_at": "2027-10-01T09:00:00+01:00",
                  "closes_at": "2027-10-29T17:00:00+01:00", "lot_ids": [lots["1a"]["id"]]})
        assert window["status"] == "scheduled"
        system.advance_past("2027-10-01T09:05:00+01:00")

        async def window_open() -> dict | None:
            known = await system.get("calloff", f"/dps/{dps['id']}", council.commissioner)
            return known if known["open_windows"] else None

        await system.eventually(window_open, "the reopening window to open everywhere")
        dps = await system.get("registry", f"/dps/{dps['id']}", council.commissioner)
        applied = await registry.apply(system, late, dps, ["1a"])
        await registry.admit(system, council.commissioner, applied["id"])
        await calloff.await_members(system, council.commissioner, dps["id"],
                                    lots["1a"]["id"], {str(provider_id_for(late.organisation))})

        # A Lot 2 call-off for someone in Canterbury: the remote member is invited too.
        today = local_date(system.now())
        package = Package(
            dps_id=dps["id"], lot_id=lots["2"]["id"],
            details={
                "age_band": "18-24", "postcode_district": "CT1", "need_band": "medium",
                "needs_summary": "Skills for independent living and getting into work.",
                "pattern": "Three sessions a week, daytime.",
                "volumes": [{"element": "training", "unit": "hour",
                             "quantity_per_week": "9"}],
                "start_on": (today + timedelta(days=30)).isoformat(),
                "initial_term_months": 12, "extension_months": [],
                "funding_route": "direct_payment",
            },
            person=a_person(7, "18-24", "CT1", today),
            criteria=[{"code": "quality", "weight": "70"}, {"code": "cost", "weight": "20"},
                      {"code": "social_value", "weight": "10"}],
            bids=[Bid(remote, quality=5, price_factor=Decimal("0.3")),
                  Bid(canterbury[0], quality=3, price_factor=Decimal("0.8")),
                  Bid(canterbury[1], quality=3, price_factor=Decimal("0.5"))],
            response_days=7,
        )
        await publish(system, council, package, system.now())
        invited = {i["provider_id"] for i in await calloff.invitations(
            system, council.commissioner, package.call_off["id"])}
        assert str(provider_id_for(remote.organisation)) in invited
        assert len(invited) == 3
        await respond(system, package)
        system.advance_past(package.call_off["response_deadline"])
        await contracts.ensure_scheme(system, council.commissioner, BUYER)
        outcome = await award(system, council, package)
        assert outcome.status == "awarded" and outcome.contract is not None
        assert outcome.contract["provider_id"] == str(provider_id_for(remote.organisation))
        assert outcome.contract["lot_id"] == lots["2"]["id"]
        assert outcome.contract["funding_route"] == "direct_payment"
