"""The care packages of a quarter: who needs what, where, for how long, how it is bought
(a mini-competition, or a direct call-off to the person's chosen provider), and how each
invited provider answers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from shared.demo.lifecycle import Bid, Package
from shared.demo.market import Provider
from shared.demo.people import person
from shared.demo.seeds import LotPlan, Seed

#: A provider that does not serve the person's district answers a remote lot's call-off now
#: and then; one in sixteen winners cannot staff the package after all and declines.
_REMOTE_CHANCE = 0.12
_DECLINES_OFFER = 1 / 16


def details(seed: Seed, plan: LotPlan, district: str, rng: random.Random, today: date
            ) -> dict[str, Any]:
    """What may be advertised of one person's need (nothing that identifies them)."""
    volumes = [
        {"element": e.element, "unit": e.unit,
         "quantity_per_week": str(rng.randint(e.low, e.high))}
        for e in plan.elements if rng.random() < e.chance
    ]
    initial, extensions = seed.term
    return {
        "age_band": rng.choice(plan.age_bands),
        "postcode_district": district,
        "need_band": rng.choice(seed.need_bands),
        "needs_summary": plan.summary,
        "pattern": plan.pattern,
        "volumes": volumes,
        "start_on": (today + timedelta(days=rng.randint(28, 56))).isoformat(),
        "initial_term_months": initial,
        "extension_months": list(extensions),
        "funding_route": rng.choice(seed.funding_routes),
    }


def package(
    seed: Seed, dps: dict[str, Any], members: dict[str, list[Provider]], rng: random.Random,
    today: date, *, direct: bool = False,
) -> Package:
    """A new care package in one of the seed's lots, for someone where a member works."""
    plan = rng.choices(seed.lots, weights=[lot.share if members.get(lot.code) else 0
                                           for lot in seed.lots])[0]
    chosen = rng.choice(members[plan.code])
    district = rng.choice(chosen.areas)
    lot = next(lot for lot in dps["lots"] if lot["code"] == plan.code)
    need = details(seed, plan, district, rng, today)
    made = Package(
        dps_id=dps["id"], lot_id=lot["id"], details=need,
        person=person(rng, need["age_band"], district, today),
        criteria=[{"code": code, "weight": weight} for code, weight in seed.criteria],
        bids=[], kind="direct_award" if direct else "mini_competition",
        pricing_mode=seed.pricing_mode, fixed_rates=fixed_rates(seed, need["volumes"]),
        response_days=3 if direct else seed.response_days,
        direct_award_to=chosen.caller if direct else None,
        funding_shares=funding_shares(seed, district, rng),
    )
    return made


def reprocurement(seed: Seed, dps: dict[str, Any], draft: dict[str, Any], rng: random.Random,
                  today: date) -> tuple[Package, dict[str, Any]]:
    """The package of a placement to re-procure, and what the practitioner adds to its draft."""
    lot = next(lot for lot in dps["lots"] if lot["id"] == draft["lot_id"])
    plan = seed.lot(lot["code"])
    district = draft["postcode_district"]
    need = details(seed, plan, district, rng, today)
    completion = {key: need[key] for key in
                  ("age_band", "needs_summary", "pattern", "start_on", "initial_term_months",
                   "extension_months", "funding_route")}
    made = Package(
        dps_id=dps["id"], lot_id=lot["id"], details={**need, "volumes": draft["volumes"]},
        person=person(rng, need["age_band"], district, today),
        criteria=[{"code": code, "weight": weight} for code, weight in seed.criteria],
        bids=[], pricing_mode=seed.pricing_mode,
        fixed_rates=fixed_rates(seed, draft["volumes"]), response_days=seed.response_days,
        requirement_id=draft["id"],
    )
    return made, completion


def fixed_rates(seed: Seed, volumes: list[dict[str, Any]]) -> list[dict[str, str]]:
    if not seed.fixed_rates:
        return []
    return [{"element": v["element"], "unit": v["unit"],
             "amount": seed.fixed_rates[(v["element"], v["unit"])]} for v in volumes]


def funding_shares(seed: Seed, district: str, rng: random.Random) -> list[dict[str, str]]:
    """Half funded by the district's CCG (continuing healthcare), now and then."""
    if district in seed.ccg_of and rng.random() < seed.joint_share:
        return [{"buyer": seed.buyers[0], "share_percent": "50"},
                {"buyer": seed.ccg_of[district], "share_percent": "50"}]
    return []


def answers(package: Package, invited: list[str], providers: dict[str, Provider],
            rng: random.Random) -> list[Bid]:
    """How each invited provider answers: a response (at its usual quality and price, give
    or take), a decline, or silence. The member named in a direct call-off responds."""
    district = package.details["postcode_district"]
    bids = []
    for provider_id in invited:
        p = providers.get(provider_id)
        if p is None:  # a member the demo did not make: it stays silent
            continue
        if package.kind == "direct_award":
            chance = 1.0
        else:
            chance = p.keenness if district in p.areas else _REMOTE_CHANCE
        roll = rng.random()
        if roll < chance:
            price = p.price_factor + Decimal(str(round(rng.uniform(-0.05, 0.05), 2)))
            bids.append(Bid(
                p.caller, quality=min(5, max(1, p.quality + rng.choice((-1, 0, 0, 1)))),
                price_factor=max(Decimal(0), price),
                declines_offer=package.kind != "direct_award" and rng.random() < _DECLINES_OFFER,
            ))
        elif roll < chance + (1 - chance) / 2:
            bids.append(Bid(p.caller, declines_invitation=True))
    return bids
