"""A financial year of the seeds' three DPSs, moving the run's clock.

Before the year: each DPS is found again (or set up and opened), its term extended if it
would end within the year, the buyers' schemes of delegation set, the first providers
admitted, the work an interrupted run left finished, members' insurance renewed, existing
placements moved onto contracts (the first time), the year's budgets set and Kent's
reopening window scheduled (six months into the year). Then four quarters
(``shared.demo.quarter``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from shared.clock import LONDON
from shared.demo import leftovers, market, placements
from shared.demo.client import CareDps
from shared.demo.lifecycle import Council
from shared.demo.progress import Stages, counted
from shared.demo.quarter import Bars, join, play_quarter
from shared.demo.scene import (
    DemoError,
    Scale,
    Scene,
    financial_year_after,
    quarter_starts,
    year_ends,
)
from shared.demo.seeds import SEEDS, Seed
from shared.workdays import local_date


async def starting_point(system: CareDps) -> tuple[int, int]:
    """The financial year and quarter to play next: the rest of the year under way if an
    earlier run played part of it (and was stopped), else the next year from April."""
    now = system.now()
    today = local_date(now)
    current = today.year if today >= date(today.year, 4, 1) else today.year - 1
    for seed in SEEDS:
        council = Council.of(system, seed.organisation).commissioner
        dps = await market.find_dps(system, council, seed)
        if dps is None:
            continue
        call_offs = await system.all_pages("calloff", "/call-offs", council, dps_id=dps["id"])
        if any(c["published_at"] and datetime.fromisoformat(c["published_at"])
               >= quarter_starts(current, 0) for c in call_offs):
            left = [q for q in range(4) if quarter_starts(current, q) > now]
            if left:
                return current, left[0]
            break
    return financial_year_after(today), 0


async def play_year(system: CareDps, scale: Scale, stages: Stages, year: int,
                    first_quarter: int = 0) -> list[Scene]:
    """The year ``year`` (2027: April 2027 to March 2028) of the three DPSs, from its
    ``first_quarter`` (0: the whole year)."""
    bars = Bars.of(stages, year, 4 - first_quarter)
    scenes = [await _set_up(system, seed, scale, year, bars) for seed in SEEDS]
    if not any(s.takes_call_offs(quarter_starts(year, first_quarter).date()) for s in scenes):
        ended = ", ".join(f"{s.seed.title} {s.dps['current_end_on']}" for s in scenes)
        raise DemoError(
            f"the seeds' three DPSs of this run have come to the end of their terms ({ended})"
            ": `make clean` (it forgets the run's data), then `make run` and `dps demo` start"
            " afresh")
    finished = await leftovers.finish(system, scenes)
    if finished:
        bars.note(f"Finished {counted(finished, 'call-off')} an earlier run left open")
    first_year = {}
    for scene in scenes:
        await scene.refresh(system)
        await market.renew_documents(system, scene.dps, scene.member_list, year_ends(year + 1))
        first_year[scene.seed.key] = await _before_the_year(system, scene, scale, year, bars)
    system.advance_past(datetime.combine(date(year, 4, 1), time(9, 0), tzinfo=LONDON))
    plan = {s.seed.key: quarterly_plan(s.seed, scale, first_year[s.seed.key]) for s in scenes}
    planned = sum(n for p in plan.values() for q in p[first_quarter:] for n in q)
    bars.published.grow(planned)
    bars.awarded.grow(planned)
    for quarter in range(first_quarter, 4):
        await play_quarter(system, scenes, scale, year, quarter, plan, bars)
        bars.quarters.advance()
    bars.placements.done()
    bars.joined.done()
    bars.published.done()
    bars.awarded.done()
    return scenes


async def _set_up(system: CareDps, seed: Seed, scale: Scale, year: int, bars: Bars) -> Scene:
    council = Council.of(system, seed.organisation)
    await market.ensure_schemes(system, council.commissioner, seed)
    dps, made = await market.open_dps(system, council.commissioner, seed, system.now())
    if made:
        bars.note(f"{seed.title}: {dps['name']} set up and opened "
                  f"({counted(len(dps['lots']), 'lot')}, {dps['starts_on']} to "
                  f"{dps['current_end_on']})")
    longer = await market.extend_to_cover(system, council.commissioner, dps, year_ends(year))
    if longer["current_end_on"] != dps["current_end_on"]:
        bars.note(f"{seed.title}: the DPS's next extension option taken; open until "
                  f"{longer['current_end_on']}")
    elif dps["status"] != "open":
        bars.note(f"{seed.title}: the DPS is {dps['status']} ({dps['current_end_on']}): no "
                  "more call-offs on it")
    scene = Scene(seed=seed, council=council, dps=longer)
    await scene.refresh(system)
    bars.dps.advance()
    window = dps.get("initial_window_ends_at")
    admitting = dps["admission_mode"] == "continuous" or (
        window is not None and datetime.fromisoformat(window) > system.now())
    if scene.member_count == 0 and admitting and dps["status"] == "open":
        joining = scene.newcomers(scale.count(seed.providers, least=4))
        bars.note(f"{seed.title}: {counted(len(joining), 'provider')} register and apply")
        await join(system, scene, joining, [lot["code"] for lot in dps["lots"]], bars)
    return scene


async def _before_the_year(system: CareDps, scene: Scene, scale: Scale, year: int,
                           bars: Bars) -> bool:
    """Placements (the first time), budgets and Kent's reopening window; True if the DPS has
    had no call-off yet (its first year: Sefton's immediate direct call-offs)."""
    seed, council, dps_id = scene.seed, scene.commissioner, scene.dps["id"]
    if seed.placements and scene.dps["status"] == "open" and not await placements.imported(
            system, council, dps_id):
        rows = placements.rows(seed, scene.dps, scene.members,
                               scale.count(seed.placements, least=4), date(year, 4, 1))
        bars.placements.grow(len(rows))
        report = await placements.import_placements(system, council, dps_id, rows)
        bars.placements.advance(len(rows))
        reprocured = sum(r["transition"] == "reprocure" for r in report["accepted"])
        bars.note(f"{seed.title}: {counted(len(rows), 'existing placement')} moved on, "
                  f"{len(rows) - reprocured:,} onto contracts with their providers, "
                  f"{reprocured:,} to re-procure (their provider did not join)")
        if reprocured:
            await placements.await_drafts(system, council, dps_id, reprocured)
    budgets = await system.all_pages("contracts", "/budgets", council, dps_id=dps_id)
    first = min((b["financial_year"] for b in budgets), default=year)
    for budget in seed.budgets:
        await system.call("contracts", "PUT", "/budgets", council,
                          json=budget.body(dps_id, year, year - first, scale.factor))
    opens = datetime.combine(date(year, 10, 1), time(9, 0), tzinfo=LONDON)
    await market.reopening_window(system, council, scene.dps, opens,
                                  opens + timedelta(days=28, hours=8))
    out = await system.get("calloff", "/call-offs", council, dps_id=dps_id, limit=1)
    return not out["items"]


def quarterly_plan(seed: Seed, scale: Scale, first_year: bool) -> list[tuple[int, int]]:
    """(mini-competitions, direct call-offs) in each quarter of the year."""
    yearly = scale.count(seed.call_offs)
    direct = scale.count(seed.direct_call_offs_first_year if first_year
                         else seed.direct_call_offs)
    split = [yearly * (q + 1) // 4 - yearly * q // 4 for q in range(4)]
    if first_year:  # the immediate call-off to current providers who joined
        return [(split[0], direct)] + [(n, 0) for n in split[1:]]
    return [(n, direct * (q + 1) // 4 - direct * q // 4) for q, n in enumerate(split)]
