"""Many care packages, from requirement to contract, in waves: a wave's call-offs are
published together, answered, closed by one move of the shared clock, then awarded
together. How each invited provider answers is drawn at random (a response of some quality
and price, a decline, silence; signing or turning the offer down), so waves end in contracts
and in unsuccessful call-offs."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from shared.demo import calloff, contracts, examples, registry
from shared.demo.client import Caller, CareDps
from shared.demo.lifecycle import Bid, Council, Outcome, Package, award, publish, respond
from shared.identity import provider_id_for
from shared.workdays import local_date
from tests.e2e.support import a_person, admitted_providers

COUNCIL = "staffordshire-cc"
BUYER = "Staffordshire County Council"
AREAS = ["ST16", "ST17"]


@dataclass
class Market:
    """A DPS open for call-offs, its lot, and the providers admitted to it."""

    council: Council
    dps: dict[str, Any]
    lot_id: str
    providers: list[Caller]


@dataclass
class Lifecycle:
    package: Package
    #: Providers whose response the council must see (everyone who answered).
    responders: set[str]
    outcome: Outcome | None = None
    failure: str | None = None


async def open_market(system: CareDps, providers: int) -> Market:
    """The Staffordshire supported living DPS, open, with ``providers`` admitted; time moved
    into its term, where its rate card is in force."""
    council = Council.of(system, COUNCIL)
    dps = await registry.open_dps(system, council.commissioner,
                                  examples.load("staffordshire-supported-living"))
    admitted = await admitted_providers(system, council.commissioner, dps,
                                        [f"Fault Care {n}" for n in range(providers)],
                                        areas=AREAS)
    await contracts.ensure_scheme(system, council.commissioner, BUYER)
    system.advance_past("2027-01-05T09:00:00+00:00")
    await calloff.knows_dps(system, council.commissioner, dps["id"], lots=1)
    return Market(council, dps, dps["lots"][0]["id"], admitted)


def draw_package(system: CareDps, market: Market, rng: random.Random, n: int) -> Lifecycle:
    today = local_date(system.now())
    bids = []
    for provider in market.providers:
        roll = rng.random()
        if roll < 0.15:
            continue  # silent
        bids.append(Bid(
            provider,
            quality=rng.randint(2, 5),
            price_factor=Decimal(rng.randint(0, 100)) / 100,
            declines_invitation=roll < 0.3,
            declines_offer=rng.random() < 0.25,
        ))
    if rng.random() < 0.1:  # nobody will answer: the call-off ends unsuccessful
        bids = [Bid(b.provider, declines_invitation=True) for b in bids]
    district = rng.choice(AREAS)
    package = Package(
        dps_id=market.dps["id"], lot_id=market.lot_id,
        details={
            "age_band": "25-34", "postcode_district": district, "need_band": "high",
            "needs_summary": "Supported living with a sleep-in, help with daily living.",
            "pattern": "Daytime support and a waking presence overnight.",
            "volumes": [
                {"element": "support", "unit": "hour",
                 "quantity_per_week": str(rng.randint(10, 40))},
                {"element": "sleep_in", "unit": "night", "quantity_per_week": "7"},
            ],
            "start_on": (today + timedelta(days=45)).isoformat(),
            "initial_term_months": 24, "extension_months": [12],
            "funding_route": "council_arranged",
        },
        person=a_person(n, "25-34", district, today),
        criteria=[{"code": "quality", "weight": "60"}, {"code": "cost", "weight": "40"}],
        bids=bids,
        response_days=3,
    )
    responders = {str(provider_id_for(b.provider.organisation))
                  for b in bids if not b.declines_invitation}
    return Lifecycle(package, responders)


async def wave(system: CareDps, market: Market, runs: list[Lifecycle]) -> None:
    """Publish, answer, close and award ``runs`` together; a lifecycle that fails is kept
    with its failure (the invariants then say what it left behind)."""

    async def guarded(run: Lifecycle, step: Callable[[], Awaitable[Any]]) -> None:
        if run.failure:
            return
        try:
            await step()
        except Exception as error:  # noqa: BLE001 (recorded and reported by the test)
            run.failure = f"{type(error).__name__}: {error}"

    council = market.council
    await asyncio.gather(*(guarded(r, lambda r=r: publish(system, council, r.package, system.now()))
                           for r in runs))
    await asyncio.gather(*(guarded(r, lambda r=r: respond(system, r.package)) for r in runs))
    deadlines = [r.package.call_off["response_deadline"] for r in runs if r.package.call_off]
    if deadlines:
        system.advance_past(max(deadlines))

    async def awarded(run: Lifecycle) -> None:
        run.outcome = await award(system, council, run.package)

    await asyncio.gather(*(guarded(r, lambda r=r: awarded(r)) for r in runs))
