"""Procurement regimes and the rules each one imposes, kept as data in one table.

A DPS carries its regime for life and its call-offs inherit it. Handlers and aggregates ask
``rules_for(regime)`` instead of branching on the regime, so a new regime (or a change in
the law) is one new row, not a hunt through ``if`` statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Regime(StrEnum):
    PCR2015_DPS = "pcr2015_dps"
    #: A "pseudo DPS" run under the Light Touch Regime (PCR 2015 regs 74-76).
    PCR2015_LIGHT_TOUCH = "pcr2015_light_touch"
    PA2023_DYNAMIC_MARKET = "pa2023_dynamic_market"
    PA2023_OPEN_FRAMEWORK = "pa2023_open_framework"


@dataclass(frozen=True, slots=True)
class RegimeRules:
    """What one regime allows. ``None`` means "the council's own documents decide"."""

    label: str
    #: Every applicant that meets the selection criteria must be admitted (no discretion).
    admit_every_qualifying: bool
    #: A lot that admits providers only in its initial window.
    closed_lots_allowed: bool
    #: Charging providers a fee to take part.
    fees_allowed: bool
    #: Working days to decide an application; None: a council-set service level.
    decision_working_days: int | None
    #: The once-only extension (with a recorded reason); None: the council's service level.
    decision_extension_working_days: int | None
    #: No DPS under this regime may run past this date.
    latest_end: date | None
    #: Longest total term, extensions included, in months.
    max_term_months: int | None
    #: Every admitted member of the lot is invited to a call-off (filtered only by its needs).
    invite_every_member: bool
    #: Shortest call-off response period in calendar days; None: council-set.
    min_response_calendar_days: int | None
    #: A standstill before contract is required by law (above threshold).
    standstill_required: bool
    #: Standstill length when required, in calendar days.
    standstill_calendar_days: int | None
    #: Voluntary standstill customarily offered when none is required, in working days.
    voluntary_standstill_working_days: int | None
    #: Call-offs may only refine the criteria set at DPS level, never add new ones.
    criteria_fixed_at_dps_level: bool = True


RULES: dict[Regime, RegimeRules] = {
    Regime.PCR2015_DPS: RegimeRules(
        label="Dynamic purchasing system (PCR 2015 reg. 34)",
        admit_every_qualifying=True,
        closed_lots_allowed=False,
        fees_allowed=False,
        decision_working_days=10,
        decision_extension_working_days=15,
        latest_end=date(2029, 2, 23),
        max_term_months=None,
        invite_every_member=True,
        min_response_calendar_days=10,
        standstill_required=False,
        standstill_calendar_days=None,
        voluntary_standstill_working_days=None,
    ),
    Regime.PCR2015_LIGHT_TOUCH: RegimeRules(
        label="Pseudo DPS under the Light Touch Regime (PCR 2015 regs 74-76)",
        admit_every_qualifying=False,
        closed_lots_allowed=True,
        fees_allowed=False,
        decision_working_days=None,
        decision_extension_working_days=None,
        latest_end=None,
        max_term_months=None,
        invite_every_member=False,
        min_response_calendar_days=None,
        standstill_required=True,
        standstill_calendar_days=10,
        voluntary_standstill_working_days=None,
    ),
    Regime.PA2023_DYNAMIC_MARKET: RegimeRules(
        label="Dynamic market (Procurement Act 2023)",
        admit_every_qualifying=True,
        closed_lots_allowed=False,
        fees_allowed=True,
        decision_working_days=None,
        decision_extension_working_days=None,
        latest_end=None,
        max_term_months=None,
        invite_every_member=False,
        min_response_calendar_days=None,
        standstill_required=False,
        standstill_calendar_days=None,
        voluntary_standstill_working_days=8,
    ),
    Regime.PA2023_OPEN_FRAMEWORK: RegimeRules(
        label="Open framework (Procurement Act 2023)",
        admit_every_qualifying=False,
        closed_lots_allowed=True,
        fees_allowed=False,
        decision_working_days=None,
        decision_extension_working_days=None,
        latest_end=None,
        # Procurement Act 2023 s.49: an open framework runs eight years at most.
        max_term_months=96,
        invite_every_member=False,
        min_response_calendar_days=None,
        standstill_required=True,
        standstill_calendar_days=10,
        voluntary_standstill_working_days=None,
    ),
}


def rules_for(regime: Regime | str) -> RegimeRules:
    return RULES[Regime(regime)]
