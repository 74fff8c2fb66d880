"""One care package from requirement to contract, in steps a scenario puts in order.

``publish`` (requirement, call-off drafted and published), ``respond`` (the invited providers
answer or decline), then time passes the deadline (``CareDps.advance``; the call-off
service's ticker closes it), then ``award`` (the panel evaluates, an approver approves, the
offer goes down the ranked list until a provider signs or nobody is left). Each step looks
at the state before it acts, so it can be run again after a lost answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.demo import calloff, contracts, evaluation
from shared.demo.client import ApiError, Caller, CareDps
from shared.identity import provider_id_for


@dataclass
class Council:
    """The people of one council (or joint commission) who run call-offs."""

    organisation: str
    commissioner: Caller
    practitioner: Caller
    evaluators: list[Caller]
    moderator: Caller
    approver: Caller

    @classmethod
    def of(cls, system: CareDps, organisation: str, approval_limit: str = "1000000") -> Council:
        return cls(
            organisation=organisation,
            commissioner=system.caller("commissioner", organisation, f"{organisation}-officer"),
            practitioner=system.caller("practitioner", organisation, f"{organisation}-sw"),
            evaluators=[system.caller("evaluator", organisation, f"{organisation}-eval-{n}")
                        for n in (1, 2)],
            moderator=system.caller("evaluator", organisation, f"{organisation}-moderator"),
            approver=system.caller("approver", organisation, f"{organisation}-approver",
                                   approval_limit=approval_limit),
        )


@dataclass
class Bid:
    """How one invited provider answers: a response of some quality at some price (0: the
    reference minimum, 1: its maximum), or a decline; and whether it would sign."""

    provider: Caller
    quality: int = 4
    price_factor: Decimal = Decimal("0.5")
    declines_invitation: bool = False
    declines_offer: bool = False


@dataclass
class Package:
    """A care package: the requirement, the call-off, and how the providers answer."""

    dps_id: str
    lot_id: str
    details: dict[str, Any]
    person: dict[str, Any]
    criteria: list[dict[str, str]]
    bids: list[Bid]
    kind: str = "mini_competition"
    pricing_mode: str = "price_competed"
    fixed_rates: list[dict[str, str]] = field(default_factory=list)
    response_days: int = 14
    direct_award_to: Caller | None = None
    procurement_act: bool = False
    #: Buyers' shares of a joint commission (none: the DPS's first buyer funds it in full).
    funding_shares: list[dict[str, str]] = field(default_factory=list)
    #: A requirement already raised (a re-procurement's draft, completed); else one is.
    requirement_id: str | None = None
    call_off: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    call_off_id: str
    status: str
    award: dict[str, Any] | None = None
    contract: dict[str, Any] | None = None


def deadline(now: datetime, days: int) -> str:
    """``days`` from now, on the next whole hour (so the period is never a moment short)."""
    return (now.replace(minute=0, second=0, microsecond=0)
            + timedelta(days=days, hours=1)).isoformat()


async def publish(system: CareDps, council: Council, package: Package, now: datetime) -> None:
    """The practitioner's requirement, the commissioner's call-off, published."""
    if not package.call_off:
        if package.requirement_id is None:
            requirement = await calloff.raise_requirement(
                system, council.practitioner,
                {"dps_id": package.dps_id, "lot_id": package.lot_id, **package.details},
                package.person,
            )
            package.requirement_id = requirement["id"]
        body: dict[str, Any] = {
            "requirement_id": package.requirement_id,
            "kind": package.kind,
            "pricing_mode": package.pricing_mode,
            "criteria": package.criteria,
            "response_deadline": deadline(now, package.response_days),
        }
        if package.fixed_rates:
            body["fixed_rates"] = package.fixed_rates
        if package.funding_shares:
            body["funding_shares"] = package.funding_shares
        if package.direct_award_to is not None:
            body["direct_award_provider_id"] = str(
                provider_id_for(package.direct_award_to.organisation))
            body["direct_award_justification"] = "Continuity of care: the person's choice."
        package.call_off = await calloff.draft(system, council.commissioner, body)
    package.call_off = await calloff.publish(system, council.commissioner, package.call_off["id"])


async def respond(system: CareDps, package: Package) -> None:
    """Each invited provider answers (or declines), sealed until the deadline."""
    terms = package.call_off["terms"]
    for bid in package.bids:
        if bid.declines_invitation:
            await calloff.decline(system, bid.provider, package.call_off["id"],
                                  "No capacity in that area this quarter.")
            continue
        body = calloff.response_body(terms, quality=f"quality {bid.quality}",
                                     price_factor=bid.price_factor)
        await calloff.respond(system, bid.provider, package.call_off["id"], body)


def marker(package: Package) -> evaluation.Marker:
    """Evaluators mark each provider's answers at its bid's quality (the second evaluator
    one point lower on odd criteria, so moderation has something to settle)."""
    quality = {str(provider_id_for(b.provider.organisation)): b.quality for b in package.bids}

    def mark(person: Caller, response: dict[str, Any], criterion: dict[str, Any]) -> int:
        base = quality.get(response["provider_id"], 3)
        if person.subject.endswith("-2") and len(criterion["code"]) % 2:
            return max(0, base - 1)
        return base

    return mark


async def award(system: CareDps, council: Council, package: Package) -> Outcome:
    """After the close: evaluate, approve, offer down the list until one signs."""
    call_off_id = package.call_off["id"]
    closed = await calloff.settled(system, council.commissioner, call_off_id,
                                   ("closed", "unsuccessful", "cancelled", "awarded"))
    if closed["status"] in ("unsuccessful", "cancelled"):
        return Outcome(call_off_id, closed["status"])
    found = await evaluation.evaluation_of(system, council.commissioner, call_off_id)
    done = await evaluation.evaluate(system, council.commissioner, found["id"],
                                     council.evaluators, council.moderator, marker(package))
    if package.procurement_act:
        await evaluation.send_summaries(system, council.commissioner, done["id"])
    signing = {str(provider_id_for(b.provider.organisation)): b for b in package.bids}
    current = await contracts.award_of(system, council.commissioner, call_off_id)
    while True:
        current = await contracts.reaches(
            system, council.commissioner, current["id"],
            ("recommended", "offered", "awarded", "unsuccessful"))
        if current["status"] == "awarded":
            contract = await system.get("contracts", f"/contracts/{current['contract_id']}",
                                        council.commissioner)
            return Outcome(call_off_id, "awarded", current, contract)
        if current["status"] == "unsuccessful":
            return Outcome(call_off_id, "unsuccessful", current)
        candidate = current["current"]
        if current["status"] == "recommended":
            await contracts.approve(system, council.approver, current["id"],
                                    candidate["response_id"])
            current = await contracts.reaches(
                system, council.commissioner, current["id"],
                ("offered", "approved", "recommended", "unsuccessful"),
            )
            if current["status"] == "approved":
                ends = (current.get("standstill") or {}).get("ends_at")
                if ends:
                    system.advance_past(ends)
                continue
            if current["status"] != "offered":
                continue
        bid = signing[candidate["provider_id"]]
        try:
            if bid.declines_offer:
                await contracts.decline(system, bid.provider, current["id"],
                                        "We can no longer staff the package from the start date.")
            else:
                await contracts.accept(system, bid.provider, current["id"])
        except ApiError as refused:
            # Time moved past the offer's window: it lapses (the contracts ticker moves it on
            # to the next response); read the award again once it has.
            if refused.code not in ("offer_expired", "offer_not_open"):
                raise
            await _moved_on(system, council, current["id"], candidate["response_id"])


async def _moved_on(system: CareDps, council: Council, award_id: str, response_id: str) -> None:
    async def probe() -> bool:
        found = await contracts.award(system, council.commissioner, award_id)
        offered = found["status"] == "offered"
        return not offered or (found.get("current") or {}).get("response_id") != response_id

    await system.eventually(probe, f"the lapsed offer of award {award_id} to move on")


def start_after(today: date, days: int = 30) -> str:
    return (today + timedelta(days=days)).isoformat()
