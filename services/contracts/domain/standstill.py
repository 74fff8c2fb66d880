"""R14 and R15: the standstill an award waits for before the contract can be signed, by
regime and value, and the assessment summaries a Procurement Act award waits for.

From the DPS's rule set (``shared.regimes``, the one in force when the DPS opened):
- a standstill the law requires (light-touch call-off above the threshold; an open
  framework above it): its calendar days, whatever the approver chooses;
- otherwise none, unless the approver chooses a **voluntary** standstill when approving:
  the regime's voluntary working days (8 under the Procurement Act 2023), or 10 calendar
  days under the PCR 2015 (R14: "10 days (PCR voluntary ...)").

A calendar-day standstill of N days ends at the close (Europe/London) of the Nth day after
the day it starts; a working-day one at the close of the Nth working day. Under the
Procurement Act the award notice may be published only once every assessed provider has
been sent its assessment summary (s.50), and the standstill runs from then: it starts at
approval, or when the summaries are sent if that is later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shared.regimes import Regime, RegimeRules, rules_effective_from
from shared.workdays import end_of_local_day, local_date, working_day_deadline

#: R14: the customary voluntary standstill under the PCR 2015, in calendar days.
PCR_VOLUNTARY_CALENDAR_DAYS = 10


@dataclass(frozen=True)
class Standstill:
    days: int
    working_days: bool
    mandatory: bool

    def ends_at(self, start: datetime) -> datetime:
        if self.working_days:
            return working_day_deadline(start, self.days)
        return end_of_local_day(local_date(start) + timedelta(days=self.days))

    def describe(self) -> str:
        kind = "working" if self.working_days else "calendar"
        why = "required by law" if self.mandatory else "voluntary"
        return f"{self.days} {kind} days ({why})"


def rules_of(regime: str, rules_from: date) -> RegimeRules:
    return rules_effective_from(regime, rules_from)


def standstill_for(
    regime: str, rules_from: date, *, above_threshold: bool, voluntary: bool
) -> Standstill | None:
    """The standstill an award under ``regime`` waits for (None: none)."""
    rules = rules_of(regime, rules_from)
    if rules.standstill_required and above_threshold and rules.standstill_calendar_days:
        return Standstill(rules.standstill_calendar_days, working_days=False, mandatory=True)
    if not voluntary:
        return None
    if rules.voluntary_standstill_working_days:
        return Standstill(
            rules.voluntary_standstill_working_days, working_days=True, mandatory=False
        )
    days = rules.standstill_calendar_days or PCR_VOLUNTARY_CALENDAR_DAYS
    return Standstill(days, working_days=False, mandatory=False)


def needs_assessment_summaries(regime: str) -> bool:
    """R15: an award under the Procurement Act 2023 waits for the assessment summaries."""
    return Regime(regime) in (Regime.PA2023_DYNAMIC_MARKET, Regime.PA2023_OPEN_FRAMEWORK)
