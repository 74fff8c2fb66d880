"""Existing placements moved onto a seed's DPS in its first year (``POST /placements/import``):
most onto contracts with their incumbent, a member of the lot; the few whose incumbent did
not join are re-procured, and the call-off service raises a requirement draft for each,
which a practitioner completes here before it goes out as a call-off."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from shared.demo.client import Caller, CareDps
from shared.demo.market import Provider
from shared.demo.seeds import Seed

#: Refusals that only mean the contracts service has not heard of a DPS or member yet.
_NOT_YET = ("known here", "not an active member")


def rate_on(dps: dict[str, Any], lot_id: str, element: str, unit: str, on: date
            ) -> dict[str, Any]:
    """The lot's reference rate for ``element`` on the card in force ``on``."""
    for card in dps["rate_cards"]:
        ends = card.get("effective_to")
        if card["lot_id"] == lot_id and card["effective_from"] <= on.isoformat() and (
                not ends or ends >= on.isoformat()):
            for rate in card["rates"]:
                if (rate["element"], rate["unit"]) == (element, unit):
                    found: dict[str, Any] = rate
                    return found
    raise LookupError(f"no reference rate for {element} on {on}")


def rows(seed: Seed, dps: dict[str, Any], members: dict[str, list[Provider]], count: int,
         start_on: date) -> list[dict[str, Any]]:
    """``count`` existing placements, each with its weekly volumes and the rate paid today;
    the incumbent a member of the lot (``members``: by lot code), except for the first few,
    whose provider did not join."""
    rng = random.Random(f"{seed.key}-placements")
    lots = {lot["code"]: lot for lot in dps["lots"]}
    reprocured = round(count * seed.reprocure_share)
    initial, extensions = seed.placement_term
    made = []
    for n in range(count):
        plan = rng.choices(seed.lots, weights=[lot.placement_share for lot in seed.lots])[0]
        incumbents = members.get(plan.code) or []
        lines = []
        for element in plan.elements:
            if rng.random() >= element.chance:
                continue
            reference = rate_on(dps, lots[plan.code]["id"], element.element, element.unit,
                                start_on)
            low, high = Decimal(reference["min_amount"]), Decimal(reference["max_amount"])
            rate = low + (high - low) * Decimal(str(element.placement_rate))
            lines.append({"element": element.element, "unit": element.unit,
                          "quantity_per_week": str(rng.randint(element.low, element.high)),
                          "rate": str(rate.quantize(Decimal("0.01")))})
        row: dict[str, Any] = {
            "reference": f"{seed.key[:3].upper()}-{plan.code.upper()}-{n + 1:04d}",
            "lot_code": plan.code,
            "need_band": rng.choice(seed.need_bands),
            "start_on": start_on.isoformat(),
            "initial_term_months": initial,
            "extension_months": list(extensions),
            "lines": lines,
        }
        # Where a member works, so that the lot has someone to offer a re-procurement to.
        nearby = incumbents[n % len(incumbents)] if incumbents else None
        district = rng.choice(nearby.areas if nearby else seed.districts)
        if n < reprocured or nearby is None:
            row.update(transition="reprocure", incumbent_name=f"Legacy Care {n + 1} Ltd",
                       postcode_district=district,
                       current_end_on=date(start_on.year, start_on.month, 28).isoformat())
        else:
            row.update(transition="contract", incumbent_name=nearby.name,
                       provider_organisation=nearby.caller.organisation,
                       postcode_district=district)
        made.append(row)
    return made


async def imported(system: CareDps, council: Caller, dps_id: str) -> int:
    """How many placements an earlier run moved onto the DPS."""
    page = await system.get("contracts", "/placements", council, dps_id=dps_id, limit=1)
    return len(page["items"])


async def import_placements(system: CareDps, council: Caller, dps_id: str,
                            placements: list[dict[str, Any]]) -> dict[str, Any]:
    """Import them all or none: tried first as a dry run until the contracts service knows
    the DPS and every incumbent's membership (they arrive by event)."""
    last: list[Any] = []

    async def probe() -> bool:
        nonlocal last
        report = await system.call("contracts", "POST", "/placements/import", council,
                                   params={"dps_id": dps_id, "dry_run": "true"},
                                   json={"rows": placements})
        last = [r["reasons"] for r in report["refused"]]
        if any(not any(hint in reason for hint in _NOT_YET for reason in reasons)
               for reasons in last):
            raise RuntimeError(f"the placements were refused: {last[:3]}")
        return not last

    try:
        await system.eventually(probe, "the contracts service to know every incumbent")
    except TimeoutError:
        raise RuntimeError(f"the placements were refused: {last[:3]}") from None
    done: dict[str, Any] = await system.call(
        "contracts", "POST", "/placements/import", council, params={"dps_id": dps_id},
        json={"rows": placements})
    return done


async def reprocurement_drafts(system: CareDps, council: Caller, dps_id: str
                               ) -> list[dict[str, Any]]:
    """Requirement drafts raised for placements to re-procure that no call-off has taken."""
    found = []
    for status in ("draft", "ready"):
        for requirement in await system.all_pages("calloff", "/requirements", council,
                                                  dps_id=dps_id, status=status):
            if requirement["placement_id"] is None:
                continue
            out = await system.get("calloff", "/call-offs", council,
                                   requirement_id=requirement["id"])
            if not out["items"]:
                found.append(requirement)
    return found


async def await_drafts(system: CareDps, council: Caller, dps_id: str, count: int) -> None:
    """Until the call-off service has raised the drafts of ``count`` re-procurements."""

    async def probe() -> bool:
        drafts = await system.all_pages("calloff", "/requirements", council, dps_id=dps_id,
                                        status="draft")
        return sum(r["placement_id"] is not None for r in drafts) >= count

    await system.eventually(probe, f"{count} re-procurement drafts in the call-off service")


async def complete(system: CareDps, practitioner: Caller, requirement: dict[str, Any],
                   details: dict[str, Any], person: dict[str, Any]) -> dict[str, Any]:
    """The practitioner completes a re-procurement's draft: what the placement import could
    not say (age band, needs, start, term, funding) and the person's identity."""
    rid = requirement["id"]
    if requirement["status"] == "draft":
        await system.call("calloff", "PATCH", f"/requirements/{rid}", practitioner,
                          json=details)
        await system.call("calloff", "PUT", f"/requirements/{rid}/person", practitioner,
                          json=person)
    ready: dict[str, Any] = await system.get("calloff", f"/requirements/{rid}", practitioner)
    return ready
