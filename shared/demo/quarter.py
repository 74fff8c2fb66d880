"""A quarter of the demo's year: new providers join (any time on a DPS that admits
continuously, in the reopening window on one that admits in windows); placements to
re-procure go out (the first quarter); the quarter's care packages are published and
answered; the clock moves past their deadlines; each is evaluated, approved and awarded
(down the ranked list when a provider declines); a competition nobody answered goes out
again as a direct call-off to a member who can take it; contracts near their end are
extended."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.clock import LONDON
from shared.demo import calloff, lifecycle, market, packages, placements
from shared.demo.client import ApiError, CareDps
from shared.demo.lifecycle import Bid, Outcome, Package
from shared.demo.progress import Stage, Stages, counted
from shared.demo.scene import Scale, Scene, quarter_starts, year_label
from shared.demo.seeds import SEEDS
from shared.identity import provider_id_for
from shared.workdays import local_date

#: The share of contracts near their end whose next option the council takes.
_EXTENDED = 0.85
#: Days a member has to answer a direct call-off.
_DIRECT_DAYS = 3


@dataclass
class Bars:
    """The run's progress bars, and its notes."""

    stages: Stages
    dps: Stage
    joined: Stage
    placements: Stage
    published: Stage
    answered: Stage
    awarded: Stage
    extended: Stage
    quarters: Stage

    @classmethod
    def of(cls, stages: Stages, year: int, quarters: int = 4) -> Bars:
        return cls(
            stages=stages,
            dps=stages.stage("DPSs open", len(SEEDS)),
            joined=stages.stage("Providers admitted"),
            placements=stages.stage("Existing placements moved on"),
            published=stages.stage("Call-offs published"),
            answered=stages.stage("Responses and declines"),
            awarded=stages.stage("Call-offs evaluated and decided"),
            extended=stages.stage("Contracts extended"),
            quarters=stages.stage(f"Quarters of {year_label(year)}", quarters),
        )

    def note(self, text: str) -> None:
        self.stages.note(text)


@dataclass
class Work:
    scene: Scene
    package: Package
    #: A re-procurement's requirement draft, and what the practitioner adds to it first.
    draft: dict[str, Any] | None = None
    completion: dict[str, Any] | None = None
    outcome: Outcome | None = None


async def join(system: CareDps, scene: Scene, joining: list[market.Provider],
               codes: list[str], bars: Bars) -> None:
    bars.joined.grow(len(joining))
    await market.join(system, scene.commissioner, scene.seed, scene.dps, joining, codes,
                      local_date(system.now()), done=bars.joined.advance)
    await scene.refresh(system)


async def play_quarter(system: CareDps, scenes: list[Scene], scale: Scale, year: int,
                       quarter: int, plan: dict[str, list[tuple[int, int]]], bars: Bars
                       ) -> None:
    system.advance_past(quarter_starts(year, quarter))
    today = local_date(system.now())
    for scene in scenes:
        await scene.refresh(system)
    live = [s for s in scenes if s.takes_call_offs(today)]
    for scene in live:
        await _newcomers(system, scene, scale, quarter, bars)
    live = [s for s in live if s.member_count]  # a call-off needs a member to go to
    work: list[Work] = []
    for scene in live:
        if quarter == 0:
            work += await _reprocurements(system, scene, today)
        competitions, direct = plan[scene.seed.key][quarter]
        for n in range(competitions + direct):
            rng = random.Random(f"{scene.seed.key}-{year}-{quarter}-{n}")
            work.append(Work(scene, packages.package(scene.seed, scene.dps, scene.members, rng,
                                                     today, direct=n >= competitions)))
    extra = sum(w.draft is not None for w in work)
    bars.published.grow(extra)
    bars.awarded.grow(extra)
    bars.note(f"{today:%a %d %b %Y}: {counted(len(work), 'care package')} out ("
              + ", ".join(f"{s.seed.title} {sum(w.scene is s for w in work)}" for s in live)
              + ")")
    await _round(system, work, bars)
    again = await _second_tries(system, work)
    if again:
        bars.published.grow(len(again))
        bars.awarded.grow(len(again))
        bars.note(f"  {counted(len(again), 'competition')} nobody answered: out again as a "
                  "direct call-off to a member who can take it")
        await _round(system, again, bars)
    horizon = quarter_starts(year, quarter + 1).date() + timedelta(days=60)
    for scene in scenes:
        await _extend_contracts(system, scene, horizon, bars)


async def _round(system: CareDps, work: list[Work], bars: Bars) -> None:
    """Publish and answer every package; then, deadline by deadline, move the clock past it
    and decide the call-offs it closed (so each takes the time its own period takes)."""
    await market.each(work, lambda w: _publish_and_answer(system, w, bars))
    by_deadline: dict[datetime, list[Work]] = {}
    for w in work:
        if w.outcome is not None:  # cancelled at publication: nothing to decide
            bars.awarded.advance()
            continue
        due = datetime.fromisoformat(w.package.call_off["response_deadline"])
        by_deadline.setdefault(due, []).append(w)
    for due in sorted(by_deadline):
        system.advance_past(due)
        await market.each(by_deadline[due], lambda w: _decide(system, w, bars))


async def _newcomers(system: CareDps, scene: Scene, scale: Scale, quarter: int,
                     bars: Bars) -> None:
    count = scale.count(scene.seed.providers_each_year)
    if scene.dps["admission_mode"] == "continuous" and quarter == 1:
        bars.note(f"{scene.seed.title}: {counted(count, 'new provider')} "
                  f"{'applies' if count == 1 else 'apply'}")
        await join(system, scene, scene.newcomers(count),
                   [lot["code"] for lot in scene.dps["lots"]], bars)
    elif scene.dps["admission_mode"] == "windows" and quarter == 2:
        opened = [w for w in scene.dps["windows"]
                  if w["status"] in ("scheduled", "open")
                  and datetime.fromisoformat(w["opens_at"]) <= system.now()]
        if not opened:
            return
        await market.window_open(system, scene.commissioner, scene.dps["id"], opened[0]["id"])
        lots = {lot["id"]: lot["code"] for lot in scene.dps["lots"]}
        codes = [lots[w["lot_id"]] for w in opened[0]["lots"]]
        window = opened[0]
        bars.note(f"{scene.seed.title}: reopening window "
                  f"{datetime.fromisoformat(window['opens_at']).astimezone(LONDON):%d %b} to "
                  f"{datetime.fromisoformat(window['closes_at']).astimezone(LONDON):%d %b %Y}:"
                  f" {counted(count, 'new provider')} {'applies' if count == 1 else 'apply'}"
                  f" to lots {', '.join(codes)}")
        await join(system, scene, scene.newcomers(count), codes, bars)


async def _reprocurements(system: CareDps, scene: Scene, today: date) -> list[Work]:
    """The placements whose incumbent did not join, completed and sent out as call-offs."""
    drafts = await placements.reprocurement_drafts(system, scene.commissioner, scene.dps["id"])
    work = []
    for draft in drafts:
        rng = random.Random(f"{scene.seed.key}-{draft['id']}")
        package, completion = packages.reprocurement(scene.seed, scene.dps, draft, rng, today)
        work.append(Work(scene, package, draft, completion))
    return work


async def _publish_and_answer(system: CareDps, work: Work, bars: Bars) -> None:
    scene, package = work.scene, work.package
    if work.draft is not None and work.completion is not None:
        await placements.complete(system, scene.council.practitioner, work.draft,
                                  work.completion, package.person)
    try:
        await lifecycle.publish(system, scene.council, package, system.now())
    except ApiError as refused:
        if refused.code != "no_eligible_provider" or not package.call_off:
            raise
        # Nobody serves the district any more (a member left): the council arranges it
        # another way, and the call-off is cancelled with the reason.
        await system.call("calloff", "POST", f"/call-offs/{package.call_off['id']}/cancel",
                          scene.commissioner,
                          json={"reason": "No member of the lot serves the district."})
        work.outcome = Outcome(package.call_off["id"], "cancelled")
        bars.published.advance()
        return
    bars.published.advance()
    if not package.bids:
        invited = await calloff.invitations(system, scene.commissioner, package.call_off["id"])
        package.bids = packages.answers(package, [i["provider_id"] for i in invited],
                                        scene.providers, random.Random(package.call_off["id"]))
    bars.answered.grow(len(package.bids))
    await lifecycle.respond(system, package)
    bars.answered.advance(len(package.bids))


async def _decide(system: CareDps, work: Work, bars: Bars) -> None:
    work.outcome = await lifecycle.award(system, work.scene.council, work.package)
    bars.awarded.advance()


async def _second_tries(system: CareDps, work: list[Work]) -> list[Work]:
    """A mini-competition that closed with no response goes out again as a direct call-off
    to the keenest member working in the person's district (light touch allows it), if the
    package can still start on time."""
    today = local_date(system.now())
    again = []
    for w in work:
        package = w.package
        if (w.outcome is None or w.outcome.status != "unsuccessful" or w.outcome.award
                or package.kind != "mini_competition"):
            continue
        district = package.details["postcode_district"]
        lot = next(lot["code"] for lot in w.scene.dps["lots"] if lot["id"] == package.lot_id)
        local = [p for p in w.scene.members[lot] if district in p.areas]
        start = date.fromisoformat(package.details["start_on"])
        if not local or start <= today + timedelta(days=_DIRECT_DAYS):
            continue
        chosen = max(local, key=lambda p: p.keenness)
        successor = await system.call(
            "calloff", "POST", f"/call-offs/{package.call_off['id']}/republish",
            w.scene.commissioner,
            json={"response_deadline": lifecycle.deadline(system.now(), _DIRECT_DAYS),
                  "kind": "direct_award",
                  "direct_award_provider_id": str(provider_id_for(chosen.caller.organisation)),
                  "direct_award_justification": "Nobody answered the mini-competition; this "
                                                "member can meet the need from the start date."})
        retry = Package(dps_id=package.dps_id, lot_id=package.lot_id, details=package.details,
                        person=package.person, criteria=package.criteria,
                        bids=[Bid(chosen.caller, quality=chosen.quality,
                                  price_factor=min(chosen.price_factor, Decimal("0.9")))],
                        kind="direct_award", pricing_mode=package.pricing_mode,
                        call_off=successor)
        again.append(Work(w.scene, retry))
    return again


async def _extend_contracts(system: CareDps, scene: Scene, horizon: date, bars: Bars) -> None:
    """Contracts ending before ``horizon`` with an option left: most are extended (the
    person's outcomes are being met); the rest end at their term."""
    due = []
    for status in ("active", "extended"):
        for contract in await system.all_pages("contracts", "/contracts", scene.commissioner,
                                               dps_id=scene.dps["id"], status=status):
            if contract["options_left"] and contract["current_end_on"] <= horizon.isoformat():
                if random.Random(contract["id"]).random() < _EXTENDED:
                    due.append(contract)
    bars.extended.grow(len(due))

    async def extend(contract: dict[str, Any]) -> None:
        await system.call("contracts", "POST", f"/contracts/{contract['id']}/extensions",
                          scene.commissioner,
                          json={"options": 1, "reason": "The person's outcomes are being met."})
        bars.extended.advance()

    await market.each(due, extend)
