"""What must hold after a fault run, read through the public APIs once every process is
back: each call-off ends in exactly one contract or a recorded unsuccessful outcome; no
contract twice; no response lost or doubled; every service's copy agrees with its owner's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from shared.demo.client import ApiError, CareDps
from tests.e2e.faults.lifecycles import Lifecycle, Market

FINAL = ("awarded", "unsuccessful", "cancelled")


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def broken(self, what: str) -> None:
        self.problems.append(what)


async def check(system: CareDps, market: Market, runs: list[Lifecycle]) -> Tally:
    tally = Tally()
    council = market.council.commissioner
    signed = Counter(c["call_off_id"] for c in await system.all_pages(
        "contracts", "/contracts", council))
    for run in runs:
        tally.counts["lifecycles"] += 1
        if run.failure:
            tally.broken(f"lifecycle failed: {run.failure}")
            continue
        call_off_id = run.package.call_off["id"]
        await _one_call_off(system, market, run, call_off_id, signed[call_off_id], tally)
    tally.counts["contracts_doubled"] = sum(1 for n in signed.values() if n > 1)
    await _memberships_agree(system, market, tally)
    return tally


async def _one_call_off(
    system: CareDps, market: Market, run: Lifecycle, call_off_id: str, contracts: int,
    tally: Tally,
) -> None:
    council = market.council.commissioner
    assert run.outcome is not None
    tally.counts[f"outcome_{run.outcome.status}"] += 1

    expected = run.outcome.status

    async def final() -> dict[str, Any] | None:  # the call-off service learns it by event
        found: dict[str, Any] = await system.get("calloff", f"/call-offs/{call_off_id}", council)
        if expected == "awarded":
            return found if found["status"] == "awarded" and found["contract_id"] else None
        return found if found["status"] in FINAL else None

    try:
        seen = await system.eventually(final, f"call-off {call_off_id} settled", timeout=120)
    except TimeoutError:
        found = await system.get("calloff", f"/call-offs/{call_off_id}", council)
        tally.broken(f"call-off {call_off_id} stuck as {found['status']}")
        return
    if run.outcome.status == "awarded":
        contract = run.outcome.contract or {}
        if contracts != 1 or seen["contract_id"] != contract.get("id"):
            tally.broken(f"call-off {call_off_id}: {contracts} contracts, call-off says"
                         f" {seen['contract_id']}, award says {contract.get('id')}")
    elif contracts:
        tally.broken(f"call-off {call_off_id} is {seen['status']} with {contracts} contracts")
    if seen["status"] != run.outcome.status:
        tally.broken(f"call-off {call_off_id} is {seen['status']}, award {run.outcome.status}")

    invited = [i["provider_id"] for i in await system.all_pages(
        "calloff", f"/call-offs/{call_off_id}/invitations", council)]
    tally.counts["invitations"] += len(invited)
    tally.counts["invitations_doubled"] += len(invited) - len(set(invited))
    if len(set(invited)) != run.package.call_off["invitee_count"]:
        tally.broken(f"call-off {call_off_id}: {len(set(invited))} invitations for"
                     f" {run.package.call_off['invitee_count']} invitees")
    responses = await system.all_pages("calloff", f"/call-offs/{call_off_id}/responses",
                                       council)
    live = [r["provider_id"] for r in responses if r["status"] != "withdrawn"]
    tally.counts["responses"] += len(live)
    tally.counts["responses_lost"] += len(run.responders - set(live))
    tally.counts["responses_doubled"] += len(live) - len(set(live))
    if not live:
        return
    try:
        listed = await system.get("evaluation", "/evaluations", council, call_off_id=call_off_id)
    except ApiError as refused:
        tally.broken(f"evaluation of {call_off_id}: {refused}")
        return
    [evaluation] = listed["items"] or [None]
    if evaluation is None:
        tally.broken(f"evaluation never learnt of call-off {call_off_id}")
        return
    evaluated = await system.get("evaluation", f"/evaluations/{evaluation['id']}", council)
    seen_there = [r["provider_id"] for r in evaluated["response_list"]]
    if sorted(seen_there) != sorted(live):
        tally.broken(f"call-off {call_off_id}: evaluation holds {sorted(seen_there)},"
                     f" the call-off service {sorted(live)}")


async def _memberships_agree(system: CareDps, market: Market, tally: Tally) -> None:
    """The registry's members of the lot, as the call-off service knows them; the DPS's lots
    as evaluation and contracts know them."""
    council = market.council.commissioner
    dps_id, lot_id = market.dps["id"], market.lot_id
    owned = {m["provider_id"] for m in await system.all_pages(
        "registry", "/memberships", council, dps_id=dps_id) if m["status"] == "active"}
    held = {m["provider_id"] for m in await system.all_pages(
        "calloff", f"/dps/{dps_id}/lots/{lot_id}/members", council, status="active")}
    if owned != held:
        tally.broken(f"members: registry {sorted(owned)}, call-off service {sorted(held)}")
    lots = {lot["id"] for lot in market.dps["lots"]}
    for service in ("calloff", "evaluation", "contracts"):
        known = await system.get(service, f"/dps/{dps_id}", council)
        if {lot["lot_id"] for lot in known["lots"]} != lots or known["status"] != "open":
            tally.broken(f"{service} holds DPS {dps_id} as {known['status']}")
