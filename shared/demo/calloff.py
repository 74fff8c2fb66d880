"""Steps in the call-off service: a requirement, a call-off drafted and published, responses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shared.demo.client import ApiError, Caller, CareDps


async def knows_dps(system: CareDps, reader: Caller, dps_id: str, lots: int) -> dict[str, Any]:
    """The call-off service's copy of the DPS, once the registry's events have arrived."""

    async def probe() -> dict[str, Any] | None:
        try:
            known: dict[str, Any] = await system.get("calloff", f"/dps/{dps_id}", reader)
        except ApiError as missing:
            if missing.status == 404:
                return None
            raise
        return known if len(known["lots"]) >= lots and known["rate_cards"] else None

    return await system.eventually(probe, f"the call-off service to know DPS {dps_id}")


async def members(
    system: CareDps, council: Caller, dps_id: str, lot_id: str
) -> list[dict[str, Any]]:
    return await system.all_pages(
        "calloff", f"/dps/{dps_id}/lots/{lot_id}/members", council, status="active"
    )


async def await_members(
    system: CareDps, council: Caller, dps_id: str, lot_id: str, provider_ids: set[str]
) -> None:
    """Until every one of ``provider_ids`` is an active member of the lot here."""

    async def probe() -> bool:
        try:
            listed = await members(system, council, dps_id, lot_id)
        except ApiError as missing:
            if missing.status == 404:  # the DPS itself has not arrived yet
                return False
            raise
        return provider_ids <= {m["provider_id"] for m in listed}

    await system.eventually(probe, f"{len(provider_ids)} members in the call-off service")


async def raise_requirement(
    system: CareDps, practitioner: Caller, details: dict[str, Any], person: dict[str, Any]
) -> dict[str, Any]:
    """A practitioner raises a requirement with the person's identity (kept apart)."""
    made: dict[str, Any] = await system.call(
        "calloff", "POST", "/requirements", practitioner, json={**details, "person": person}
    )
    return made


async def draft(system: CareDps, council: Caller, body: dict[str, Any]) -> dict[str, Any]:
    """The call-off drafted from the requirement (or the one already drafted for it: a
    draft whose answer was lost is retried, and the service refuses a second one)."""
    for _ in range(2):
        out = await system.get("calloff", "/call-offs", council,
                               requirement_id=body["requirement_id"])
        live = [c for c in out["items"] if c["status"] in ("draft", "published", "closed")]
        if live:
            found: dict[str, Any] = live[0]
            return found
        try:
            made: dict[str, Any] = await system.call("calloff", "POST", "/call-offs", council,
                                                     json=body)
            return made
        except ApiError as refused:
            if refused.code != "requirement_already_out":
                raise
    raise RuntimeError(f"requirement {body['requirement_id']} is out, but no call-off is live")


async def publish(
    system: CareDps, council: Caller, call_off_id: str,
    omissions: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Publish (the invitation list is frozen); a call-off already published is left so."""
    try:
        body = {"omissions": omissions} if omissions else None
        done: dict[str, Any] = await system.call(
            "calloff", "POST", f"/call-offs/{call_off_id}/publish", council, json=body
        )
        return done
    except ApiError as refused:
        if refused.code != "call_off_not_draft":
            raise
    return await call_off(system, council, call_off_id)


async def call_off(system: CareDps, reader: Caller, call_off_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await system.get("calloff", f"/call-offs/{call_off_id}", reader)
    return found


async def invitations(system: CareDps, council: Caller, call_off_id: str) -> list[dict[str, Any]]:
    return await system.all_pages("calloff", f"/call-offs/{call_off_id}/invitations", council)


def response_body(
    terms: dict[str, Any], *, quality: str, price_factor: Decimal | None = None,
    start_on: date | None = None,
) -> dict[str, Any]:
    """A response: an answer to every scored criterion, and a price per element priced at
    ``price_factor`` of the way from the reference minimum to its maximum (or the council's
    fixed rate accepted)."""
    answers = [
        {"criterion_code": c["code"], "text": f"{c['name']}: {quality}"}
        for c in terms["criteria"] if c["kind"] != "cost" and Decimal(c["weight"]) > 0
    ]
    body: dict[str, Any] = {
        "answers": answers,
        "proposed_start_on": (start_on or date.fromisoformat(terms["start_on"])).isoformat(),
        "capacity_confirmed": True,
    }
    if terms["pricing_mode"] == "fixed_rate":
        body["accepts_fixed_rate"] = True
        return body
    references = {(r["element"], r["unit"], r.get("band")): r for r in terms["reference_rates"]}
    factor = price_factor if price_factor is not None else Decimal("0.5")
    prices = []
    for volume in terms["volumes"]:
        key = (volume["element"], volume["unit"], volume.get("band"))
        low, high = (Decimal(references[key]["min_amount"]), Decimal(references[key]["max_amount"]))
        amount = (low + (high - low) * factor).quantize(Decimal("0.01"))
        prices.append({"element": key[0], "unit": key[1], "band": key[2], "amount": str(amount)})
    body["prices"] = prices
    return body


async def respond(
    system: CareDps, provider: Caller, call_off_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Submit a sealed response (or find the one already submitted, if an answer was lost)."""
    try:
        made: dict[str, Any] = await system.call(
            "calloff", "POST", f"/call-offs/{call_off_id}/responses", provider, json=body
        )
        return made
    except ApiError as refused:
        if refused.code != "response_already_submitted":
            raise
    own = await system.get("calloff", f"/call-offs/{call_off_id}/responses", provider)
    found: dict[str, Any] = next(r for r in own["items"] if r["status"] != "withdrawn")
    return found


async def decline(system: CareDps, provider: Caller, call_off_id: str, reason: str) -> None:
    await system.call("calloff", "POST", f"/call-offs/{call_off_id}/decline", provider,
                      json={"reason": reason})


async def settled(
    system: CareDps, reader: Caller, call_off_id: str, statuses: tuple[str, ...]
) -> dict[str, Any]:
    """The call-off once it has reached one of ``statuses``."""

    async def probe() -> dict[str, Any] | None:
        found = await call_off(system, reader, call_off_id)
        return found if found["status"] in statuses else None

    return await system.eventually(probe, f"call-off {call_off_id} to be {'/'.join(statuses)}")

