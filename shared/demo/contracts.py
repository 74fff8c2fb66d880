"""Steps in the contracts service: schemes of delegation, approval, the offer, the contract."""

from __future__ import annotations

from typing import Any

from shared.demo.client import ApiError, Caller, CareDps

#: A council's scheme of delegation by whole-life value (Staffordshire's report names these
#: levels; the figures are the demo's assumption).
STANDARD_LEVELS = [
    {"code": "lead_commissioner", "title": "Lead Commissioner", "up_to": "250000.00"},
    {"code": "assistant_director", "title": "Assistant Director", "up_to": "1000000.00"},
    {"code": "director", "title": "Director", "up_to": None},
]


async def ensure_scheme(
    system: CareDps, council: Caller, buyer: str, levels: list[dict[str, Any]] | None = None
) -> None:
    try:
        await system.call("contracts", "POST", "/delegation-schemes", council,
                          json={"buyer": buyer, "levels": levels or STANDARD_LEVELS})
    except ApiError as refused:
        if refused.code != "delegation_scheme_exists":
            raise


async def award_of(system: CareDps, reader: Caller, call_off_id: str) -> dict[str, Any]:
    """The call-off's award, once the evaluation's result has arrived."""

    async def probe() -> dict[str, Any] | None:
        found = await system.get("contracts", "/awards", reader, call_off_id=call_off_id)
        return found["items"][0] if found["items"] else None

    return await system.eventually(probe, f"the award of call-off {call_off_id}")


async def award(system: CareDps, reader: Caller, award_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await system.get("contracts", f"/awards/{award_id}", reader)
    return found


async def approve(
    system: CareDps, approver: Caller, award_id: str, response_id: str,
    voluntary_standstill: bool = False,
) -> dict[str, Any]:
    """Approve the recommendation read (one approved already is left so)."""
    try:
        done: dict[str, Any] = await system.call(
            "contracts", "POST", f"/awards/{award_id}/approve", approver,
            json={"response_id": response_id, "voluntary_standstill": voluntary_standstill,
                  "why": "Within delegated authority; the evaluation is sound."},
        )
        return done
    except ApiError as refused:
        if refused.code != "award_already_approved":
            raise
    return await award(system, approver, award_id)


async def accept(system: CareDps, provider: Caller, award_id: str) -> dict[str, Any]:
    """The provider signs; the answer is its contract (or the one already signed)."""
    try:
        contract: dict[str, Any] = await system.call(
            "contracts", "POST", f"/awards/{award_id}/accept", provider
        )
        return contract
    except ApiError as refused:
        if refused.code != "award_closed":
            raise
    signed = await award(system, provider, award_id)
    if not signed.get("contract_id"):
        raise RuntimeError(f"award {award_id} closed without a contract: {signed['status']}")
    found: dict[str, Any] = await system.get("contracts", f"/contracts/{signed['contract_id']}",
                                             provider)
    return found


async def decline(system: CareDps, provider: Caller, award_id: str, reason: str) -> None:
    await system.call("contracts", "POST", f"/awards/{award_id}/decline", provider,
                      json={"reason": reason})


async def reaches(
    system: CareDps, reader: Caller, award_id: str, statuses: tuple[str, ...],
    response_id: str | None = None,
) -> dict[str, Any]:
    """The award once it has reached one of ``statuses`` (for ``response_id``, if named)."""

    async def probe() -> dict[str, Any] | None:
        found = await award(system, reader, award_id)
        current = found.get("current") or {}
        if found["status"] in statuses and (
            response_id is None or current.get("response_id") == response_id
            or found["status"] == "unsuccessful"
        ):
            return found
        return None

    return await system.eventually(probe, f"award {award_id} to be {'/'.join(statuses)}")
