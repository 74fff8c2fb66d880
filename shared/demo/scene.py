"""One seed's DPS as a year of the demo finds it: the council's people, the DPS, the
providers the demo plays and which of them are members of which lot; the scale of the run;
and the calendar (financial years, quarters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from dateutil.relativedelta import relativedelta

from shared.clock import LONDON
from shared.demo.client import Caller, CareDps
from shared.demo.lifecycle import Council
from shared.demo.market import Provider, active_members, provider
from shared.demo.seeds import Seed
from shared.localrun import LocalRunError
from shared.workdays import is_working_day

#: The providers of one seed the demo can play (far more than any run admits).
PROVIDER_POOL = 400


class DemoError(LocalRunError):
    """The demo cannot go on; the message is one line saying what to do."""


@dataclass(frozen=True)
class Scale:
    """How much of a year each count is: 1 is the seeds' own figures (``full``)."""

    name: str
    factor: float

    def count(self, full: int, least: int = 1) -> int:
        return 0 if full <= 0 else max(least, round(full * self.factor))


SCALES = {"small": Scale("small", 0.1), "full": Scale("full", 1.0)}


@dataclass
class Scene:
    """One seed's DPS in play: its council's people, the DPS as the registry last said, and
    the demo's providers that are members of each lot."""

    seed: Seed
    council: Council
    dps: dict[str, Any]
    #: The providers the demo may play, by their place in the seed's list, and by id.
    pool: list[Provider] = field(default_factory=list)
    providers: dict[str, Provider] = field(default_factory=dict)
    #: lot code -> the demo's providers that are active members of it (the registry's record)
    members: dict[str, list[Provider]] = field(default_factory=dict)

    @property
    def commissioner(self) -> Caller:
        return self.council.commissioner

    @property
    def member_list(self) -> list[Provider]:
        """Every member provider once, in the seed's order."""
        found = {p.index: p for ps in self.members.values() for p in ps}
        return [found[index] for index in sorted(found)]

    @property
    def member_count(self) -> int:
        return len(self.member_list)

    def newcomers(self, count: int) -> list[Provider]:
        """The next ``count`` providers of the seed's list, after every member so far."""
        members = self.member_list
        start = members[-1].index + 1 if members else 0
        return self.pool[start:start + count]

    def takes_call_offs(self, today: date) -> bool:
        """Open, with its term running past ``today`` (a call-off needs an open DPS)."""
        return self.dps["status"] == "open" and date.fromisoformat(
            self.dps["current_end_on"]) > today

    async def refresh(self, system: CareDps) -> None:
        """The DPS and its members as the registry has them now."""
        self.dps = await system.get("registry", f"/dps/{self.dps['id']}", self.commissioner)
        if not self.pool:
            self.pool = [provider(system, self.seed, i) for i in range(PROVIDER_POOL)]
            self.providers = {p.id: p for p in self.pool}
        lots = {lot["id"]: lot["code"] for lot in self.dps["lots"]}
        found = await active_members(system, self.commissioner, self.dps["id"])
        self.members = {code: [] for code in lots.values()}
        for provider_id, lot_ids in found.items():
            if provider_id in self.providers:
                for lot_id in lot_ids:
                    self.members[lots[lot_id]].append(self.providers[provider_id])


# --- the calendar ----------------------------------------------------------------------------


def financial_year_after(today: date) -> int:
    """The next financial year to start (by its first year: 2027 is April 2027 to March
    2028)."""
    return today.year if today < date(today.year, 4, 1) else today.year + 1


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def quarter_starts(year: int, quarter: int) -> datetime:
    """The first working morning of a quarter of the financial year (10:00, London)."""
    day = date(year, 4, 5) + relativedelta(months=3 * quarter)
    while not is_working_day(day):
        day += relativedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=LONDON)


def year_ends(year: int) -> date:
    return date(year + 1, 3, 31)
