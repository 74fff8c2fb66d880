"""The market of each seed's DPS: the DPS itself (found again on a second run, or set up and
opened), the buyers' schemes of delegation, and the providers who register, apply and are
admitted, keep their insurance current, and join again in a reopening window."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta

from shared.demo import calloff, contracts, examples, registry
from shared.demo.client import Caller, CareDps
from shared.demo.seeds import Seed
from shared.identity import provider_id_for

T = TypeVar("T")

#: Requests in flight at once: enough to keep four services busy, few enough for SQLite.
PARALLEL = 6


async def each(items: Iterable[T], work: Callable[[T], Awaitable[object]],
               limit: int = PARALLEL) -> None:
    """``work`` on every item, ``limit`` at a time; the first failure stops the rest."""
    gate = asyncio.Semaphore(limit)

    async def one(item: T) -> None:
        async with gate:
            await work(item)

    try:
        async with asyncio.TaskGroup() as group:
            for item in items:
                group.create_task(one(item))
    except ExceptionGroup as failed:  # the first failure, as itself (the rest were cancelled)
        raise failed.exceptions[0] from None


@dataclass(frozen=True)
class Provider:
    """A made-up provider of one seed: who it is, where it works, and how it bids."""

    index: int
    name: str
    caller: Caller
    areas: tuple[str, ...]
    quality: int
    price_factor: Decimal
    keenness: float

    @property
    def id(self) -> str:
        return str(provider_id_for(self.caller.organisation))


def provider(system: CareDps, seed: Seed, index: int) -> Provider:
    """The seed's ``index``-th provider, the same on every run."""
    places, trades = seed.places, seed.trades
    name = f"{places[index % len(places)]} {trades[(index // len(places)) % len(trades)]}"
    if index >= len(places) * len(trades):
        name += f" {index // (len(places) * len(trades)) + 1}"
    organisation = name.lower().replace(" ", "-")
    rng = random.Random(f"{seed.key}-provider-{index}")
    start = rng.randrange(len(seed.districts))
    reach = rng.randint(4, 7)
    areas = tuple(seed.districts[(start + n) % len(seed.districts)] for n in range(reach))
    # Most bid inside the reference range; one in twelve asks more than its maximum.
    factor = rng.uniform(1.05, 1.2) if rng.random() < 1 / 12 else rng.uniform(0.05, 0.95)
    return Provider(
        index=index, name=f"{name} Ltd",
        caller=system.caller("provider", organisation, f"{organisation}-manager"),
        areas=areas, quality=rng.choice((2, 3, 3, 4, 4, 4, 5, 5)),
        price_factor=Decimal(str(round(factor, 2))), keenness=rng.uniform(0.6, 0.95),
    )


def lots_of(seed: Seed, index: int, open_codes: Iterable[str]) -> list[str]:
    """The lots the ``index``-th provider applies to, of those open to it now."""
    open_codes = list(open_codes)
    wanted = [lot.code for lot in seed.lots if index % lot.every in lot.joined_by]
    chosen = [code for code in wanted if code in open_codes]
    return chosen or open_codes[:1]


# --- the DPS -------------------------------------------------------------------------------


async def find_dps(system: CareDps, council: Caller, seed: Seed) -> dict[str, Any] | None:
    """The seed's DPS set up by an earlier run (the newest of that name), or None."""
    name = examples.load(seed.example)["name"]
    listed = await system.all_pages("registry", "/dps", council)
    mine = [d for d in listed if d["name"] == name]
    if not mine:
        return None
    newest = max(mine, key=lambda d: (d["status"] == "open", d["starts_on"]))
    found: dict[str, Any] = await system.get("registry", f"/dps/{newest['id']}", council)
    return found


def dps_body(seed: Seed, now: datetime) -> dict[str, Any]:
    """The seed's example, its dates moved on by whole years if they have passed (so that
    the demo can set it up whatever the run's clock says)."""
    body = examples.load(seed.example)
    years = 0
    while True:
        starts = date.fromisoformat(body["starts_on"]) + relativedelta(years=years)
        window = body.get("initial_window_ends_at")
        ends = datetime.fromisoformat(window) + relativedelta(years=years) if window else None
        if starts >= now.date() and (ends is None or ends > now + relativedelta(days=30)):
            break
        years += 1
    if years:
        shift = relativedelta(years=years)
        body["starts_on"] = starts.isoformat()
        if ends is not None:
            body["initial_window_ends_at"] = ends.isoformat()
        for lot in body.get("lots", []):
            for card in lot.get("rate_cards", []):
                for key in ("effective_from", "effective_to"):
                    if card.get(key):
                        card[key] = (date.fromisoformat(card[key]) + shift).isoformat()
    return body


async def open_dps(system: CareDps, council: Caller, seed: Seed, now: datetime
                   ) -> tuple[dict[str, Any], bool]:
    """The seed's DPS: the one an earlier run set up (opened if it stopped at the draft), or
    a new one (then True)."""
    found = await find_dps(system, council, seed)
    if found is None:
        return await registry.open_dps(system, council, dps_body(seed, now)), True
    if found["status"] == "draft":
        opened: dict[str, Any] = await system.call(
            "registry", "POST", f"/dps/{found['id']}/open", council)
        return opened, False
    return found, False


async def ensure_schemes(system: CareDps, council: Caller, seed: Seed) -> None:
    for buyer in seed.buyers:  # a joint commission: every buyer's scheme applies
        await contracts.ensure_scheme(system, council, buyer)


async def extend_to_cover(system: CareDps, council: Caller, dps: dict[str, Any], until: date
                          ) -> dict[str, Any]:
    """Take the DPS's next extension option if its term would end before ``until``."""
    left = [o for o in dps["extension_options"] if not o["exercised"]]
    if dps["status"] != "open" or not left or date.fromisoformat(dps["current_end_on"]) >= until:
        return dps
    extended: dict[str, Any] = await system.call(
        "registry", "POST", f"/dps/{dps['id']}/extensions", council,
        json={"reason": "The DPS meets demand well; the council takes the next option."})
    return extended


async def reopening_window(system: CareDps, council: Caller, dps: dict[str, Any],
                           opens_at: datetime, closes_at: datetime) -> dict[str, Any] | None:
    """The window opening at ``opens_at`` (scheduled now if need be), for every lot that is
    not closed; None where the DPS does not admit in windows or its term ends first."""
    if dps["admission_mode"] != "windows" or closes_at.date() > date.fromisoformat(
            dps["current_end_on"]):
        return None
    for window in dps["windows"]:
        if datetime.fromisoformat(window["opens_at"]) == opens_at:
            found: dict[str, Any] = window
            return found
    made: dict[str, Any] = await system.call(
        "registry", "POST", f"/dps/{dps['id']}/windows", council,
        json={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()})
    return made


async def window_open(system: CareDps, council: Caller, dps_id: str, window_id: str) -> None:
    """Until the registry's ticker has opened the window."""

    async def probe() -> bool:
        dps = await system.get("registry", f"/dps/{dps_id}", council)
        return any(w["id"] == window_id and w["status"] == "open" for w in dps["windows"])

    await system.eventually(probe, "the reopening window to open")


# --- providers -----------------------------------------------------------------------------


async def active_members(system: CareDps, council: Caller, dps_id: str) -> dict[str, set[str]]:
    """Provider id -> the lot ids it is an active member of (the registry's own record)."""
    listed = await system.all_pages("registry", "/memberships", council, dps_id=dps_id,
                                    status="active")
    found: dict[str, set[str]] = {}
    for membership in listed:
        found.setdefault(membership["provider_id"], set()).add(membership["lot_id"])
    return found


async def join(
    system: CareDps, council: Caller, seed: Seed, dps: dict[str, Any],
    joining: list[Provider], open_codes: list[str], today: date,
    done: Callable[[], None] = lambda: None,
) -> None:
    """Each provider registers (once), applies to its lots among ``open_codes`` and is
    admitted; the call-off service knows every one of them before this returns."""
    lots = {lot["code"]: lot for lot in dps["lots"]}
    expires = date(today.year + 3, 12, 31)

    async def one(p: Provider) -> None:
        number = seed.number_base + p.index
        await registry.register(system, p.caller, p.name, number=number, areas=list(p.areas))
        codes = lots_of(seed, p.index, open_codes)
        made = await registry.apply(system, p.caller, dps, codes, expires_on=expires)
        if made["status"] in ("submitted", "under_review"):
            await registry.admit(system, council, made["id"])
        done()

    await each(joining, one)
    for code in open_codes:
        ids = {p.id for p in joining if code in lots_of(seed, p.index, open_codes)}
        if ids:
            await calloff.await_members(system, council, dps["id"], lots[code]["id"], ids)


async def renew_documents(system: CareDps, dps: dict[str, Any], providers: list[Provider],
                          expires: date, done: Callable[[], None] = lambda: None) -> None:
    """Members send this year's insurance certificates (the registry suspends a member whose
    required document has expired)."""
    kinds = dict.fromkeys(d["document_type"] for lot in dps["lots"]
                          for d in lot["required_documents"])

    async def one(p: Provider) -> None:
        record = await system.get("registry", f"/providers/{p.id}", p.caller)
        newest: dict[str, str] = {}
        for d in record["documents"]:
            if d.get("expires_on"):
                newest[d["document_type"]] = max(newest.get(d["document_type"], ""),
                                                  d["expires_on"])
        for kind in kinds:
            if newest.get(kind, "") >= expires.isoformat():
                continue
            digest = hashlib.sha256(f"{kind}-{expires}".encode()).hexdigest()
            await system.call("registry", "POST", f"/providers/{p.id}/documents", p.caller,
                              json={"document_type": kind, "expires_on": expires.isoformat(),
                                    "title": f"{kind.replace('_', ' ').capitalize()} {expires:%Y}",
                                    "content_sha256": digest})
        done()

    await each(providers, one)
