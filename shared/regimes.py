"""Procurement regimes and the rules each one imposes: the law as dated reference data.

Every service needs the same law (the registry: admission and terms; call-offs: response
periods, the PCR end date, the threshold; contracts: standstill), and services never import
each other, so the table lives here, pure data like ``shared.workdays``.

The law changes. Each regime has one or more rule sets, each with the date it took effect;
``rules_for(regime, on=day)`` is the set in force on a day. A DPS keeps the set in force
when it opened (it stores ``rules_effective_from`` and announces it in ``DpsOpened``), so a
later change never silently re-rules a live DPS: a change is a new dated row, never an edit.
The light-touch threshold is a dated value too: a call-off reads the one in force on its own
publication date (``light_touch_threshold_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.errors import RuleBroken


class Regime(StrEnum):
    PCR2015_DPS = "pcr2015_dps"
    #: A "pseudo DPS" run under the Light Touch Regime (PCR 2015 regs 74-76).
    PCR2015_LIGHT_TOUCH = "pcr2015_light_touch"
    PA2023_DYNAMIC_MARKET = "pa2023_dynamic_market"
    PA2023_OPEN_FRAMEWORK = "pa2023_open_framework"


class RegimeNotInForce(RuleBroken):
    code = "regime_not_in_force"


@dataclass(frozen=True, slots=True)
class RegimeRules:
    """What one regime allows from ``effective_from``. ``None``: the council's documents decide."""

    label: str
    #: The day this set of rules took effect (it stays in force until a later set's date).
    effective_from: date
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


#: The Public Contracts Regulations 2015 came into force on 26 February 2015.
PCR2015_IN_FORCE = date(2015, 2, 26)
#: The Procurement Act 2023 came into force on 24 February 2025.
PA2023_IN_FORCE = date(2025, 2, 24)

#: Every regime's rule sets, oldest first. A change in the law is appended as a new set.
RULE_SETS: dict[Regime, tuple[RegimeRules, ...]] = {
    Regime.PCR2015_DPS: (
        RegimeRules(
            label="Dynamic purchasing system (PCR 2015 reg. 34)",
            effective_from=PCR2015_IN_FORCE,
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
    ),
    Regime.PCR2015_LIGHT_TOUCH: (
        RegimeRules(
            label="Pseudo DPS under the Light Touch Regime (PCR 2015 regs 74-76)",
            effective_from=PCR2015_IN_FORCE,
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
    ),
    Regime.PA2023_DYNAMIC_MARKET: (
        RegimeRules(
            label="Dynamic market (Procurement Act 2023)",
            effective_from=PA2023_IN_FORCE,
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
    ),
    Regime.PA2023_OPEN_FRAMEWORK: (
        RegimeRules(
            label="Open framework (Procurement Act 2023)",
            effective_from=PA2023_IN_FORCE,
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
    ),
}


def rules_for(regime: Regime | str, *, on: date) -> RegimeRules:
    """The regime's rules in force on ``on``; refused if the regime was not yet law then."""
    regime = Regime(regime)
    in_force = [rules for rules in RULE_SETS[regime] if rules.effective_from <= on]
    if not in_force:
        first = RULE_SETS[regime][0].effective_from
        raise RegimeNotInForce(
            f"The {regime.value} regime takes effect on {first:%d %b %Y}, after {on:%d %b %Y}.",
            regime=regime.value,
            effective_from=first.isoformat(),
        )
    return max(in_force, key=lambda rules: rules.effective_from)


def rules_effective_from(regime: Regime | str, effective_from: date) -> RegimeRules:
    """The rule set a DPS keeps: the one of ``regime`` that took effect on ``effective_from``."""
    for rules in RULE_SETS[Regime(regime)]:
        if rules.effective_from == effective_from:
            return rules
    raise LookupError(f"{regime} has no rule set effective from {effective_from}")


def first_rules(regime: Regime | str) -> RegimeRules:
    """The regime's first rule set (a draft prepared before the regime takes effect)."""
    return RULE_SETS[Regime(regime)][0]


# --- dated values ------------------------------------------------------------------------

#: The light-touch threshold (social and other specific services), GBP including VAT, by
#: the date each value took effect. Earlier values are left out until checked at source.
LIGHT_TOUCH_THRESHOLDS: tuple[tuple[date, Decimal], ...] = (
    (date(2024, 1, 1), Decimal("663540")),
)


class ValueNotKnown(RuleBroken):
    code = "value_not_known"


def value_on(table: tuple[tuple[date, Decimal], ...], day: date, what: str) -> Decimal:
    """The value of a dated table in force on ``day`` (the latest dated on or before it)."""
    known = [(since, value) for since, value in table if since <= day]
    if not known:
        raise ValueNotKnown(
            f"No {what} is recorded for {day:%d %b %Y} (the earliest is from"
            f" {min(since for since, _ in table):%d %b %Y}).",
            on=day.isoformat(),
        )
    return max(known)[1]


def light_touch_threshold_on(day: date) -> Decimal:
    """The light-touch threshold (GBP including VAT) in force on ``day``."""
    return value_on(LIGHT_TOUCH_THRESHOLDS, day, "light-touch threshold")
