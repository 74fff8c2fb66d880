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
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from shared.errors import RuleBroken
from shared.workdays import add_working_days


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


# --- notices: what each regime requires to be published, and by when ---------------------


class Counting(StrEnum):
    """How the law counts a notice's period from the day that triggers it."""

    #: "not later than N days after" (PCR 2015): the Nth day after the trigger.
    DAYS_AFTER = "days_after"
    #: "within N days beginning with the day" (Procurement Act 2023): the trigger day is day 1.
    DAYS_BEGINNING_WITH = "days_beginning_with"
    #: N working days after (England and Wales), for "as soon as reasonably practicable".
    WORKING_DAYS_AFTER = "working_days_after"


@dataclass(frozen=True, slots=True)
class NoticePeriod:
    """A notice's time limit, counted on the Europe/London calendar from a trigger day."""

    days: int
    counting: Counting

    def last_day(self, trigger: date) -> date:
        """The last day on which the notice is in time (it is due by that day's close)."""
        if self.counting is Counting.DAYS_AFTER:
            return trigger + timedelta(days=self.days)
        if self.counting is Counting.DAYS_BEGINNING_WITH:
            return trigger + timedelta(days=self.days - 1)
        return add_working_days(trigger, self.days)


@dataclass(frozen=True, slots=True)
class NoticeRules:
    """The notices one regime's rule set requires (``effective_from`` matches the rule set
    of ``RULE_SETS`` it goes with). ``None`` or ``False``: the regime has no such notice."""

    law: str
    effective_from: date
    #: The notice that advertises the arrangement when it opens (PCR: a contract notice;
    #: an open framework: a UK4 tender notice). A dynamic market has its own notices instead.
    arrangement_notice: str | None
    #: Dynamic market notices (intention, establishment, modification, cessation: UK13-UK16).
    dynamic_market_notices: bool
    #: "As soon as reasonably practicable": the Act sets no number of days; this is the
    #: service level the platform holds the council to (data, so a council may change it).
    as_soon_as_practicable: NoticePeriod | None
    #: A call-off above the threshold is advertised by a tender notice (UK4).
    call_off_tender_notice: bool
    #: A direct award above the threshold needs a transparency notice (UK5) first.
    transparency_notice: bool
    #: PCR award notice after each contract (reg. 50(3) for a DPS, reg. 75(2) light touch).
    award_notice: NoticePeriod | None
    #: Award notices may be grouped each quarter, sent within ``award_notice`` days of its end.
    award_notice_quarterly: bool
    #: Award notices only for contracts above the threshold (light touch, reg. 75).
    award_notice_above_threshold_only: bool
    #: Procurement Act contract award notice (UK6) before the contract, above the threshold.
    contract_award_notice: bool
    #: Contract details notice (UK7), and its longer limit for a light-touch contract.
    contract_details_notice: NoticePeriod | None
    light_touch_contract_details_notice: NoticePeriod | None
    #: A notice for a contract below the threshold worth at least the notifiable value
    #: (PCR 2015 reg. 112, Contracts Finder; Procurement Act s.87, contract details).
    below_threshold_notice: NoticePeriod | None
    #: A user-choice contract (Procurement Act Sch. 5 para. 15) needs no UK5 and no UK6.
    user_choice_skips_award_notices: bool
    #: Procurement termination notice (UK12) when a noticed call-off ends without award.
    procurement_termination_notice: bool
    #: Contract termination notice (UK11) for a contract above the threshold.
    contract_termination_notice: NoticePeriod | None


_PCR_AWARD = NoticePeriod(30, Counting.DAYS_AFTER)
#: PCR 2015 reg. 112 asks for award information "within a reasonable time": 30 days.
_PCR_BELOW = NoticePeriod(30, Counting.DAYS_AFTER)
_PA_SOON = NoticePeriod(5, Counting.WORKING_DAYS_AFTER)
_PA_30 = NoticePeriod(30, Counting.DAYS_BEGINNING_WITH)
_PA_120 = NoticePeriod(120, Counting.DAYS_BEGINNING_WITH)


def _pcr(effective_from: date, *, light_touch: bool) -> NoticeRules:
    return NoticeRules(
        law="PCR 2015", effective_from=effective_from, arrangement_notice="contract_notice",
        dynamic_market_notices=False, as_soon_as_practicable=None,
        call_off_tender_notice=False, transparency_notice=False,
        award_notice=_PCR_AWARD, award_notice_quarterly=True,
        award_notice_above_threshold_only=light_touch,
        contract_award_notice=False, contract_details_notice=None,
        light_touch_contract_details_notice=None, below_threshold_notice=_PCR_BELOW,
        user_choice_skips_award_notices=False, procurement_termination_notice=False,
        contract_termination_notice=None,
    )


def _pa(effective_from: date, *, dynamic_market: bool) -> NoticeRules:
    return NoticeRules(
        law="Procurement Act 2023", effective_from=effective_from,
        arrangement_notice=None if dynamic_market else "UK4",
        dynamic_market_notices=dynamic_market, as_soon_as_practicable=_PA_SOON,
        call_off_tender_notice=True, transparency_notice=True,
        award_notice=None, award_notice_quarterly=False, award_notice_above_threshold_only=True,
        contract_award_notice=True, contract_details_notice=_PA_30,
        light_touch_contract_details_notice=_PA_120, below_threshold_notice=_PA_30,
        user_choice_skips_award_notices=True, procurement_termination_notice=True,
        contract_termination_notice=_PA_30,
    )


#: Every regime's notice rules, one per rule set of ``RULE_SETS`` (same effective dates).
NOTICE_RULE_SETS: dict[Regime, tuple[NoticeRules, ...]] = {
    Regime.PCR2015_DPS: (_pcr(PCR2015_IN_FORCE, light_touch=False),),
    Regime.PCR2015_LIGHT_TOUCH: (_pcr(PCR2015_IN_FORCE, light_touch=True),),
    Regime.PA2023_DYNAMIC_MARKET: (_pa(PA2023_IN_FORCE, dynamic_market=True),),
    Regime.PA2023_OPEN_FRAMEWORK: (_pa(PA2023_IN_FORCE, dynamic_market=False),),
}


def notice_rules(regime: Regime | str, effective_from: date) -> NoticeRules:
    """The notice rules of the rule set a DPS keeps (``rules_effective_from``): the latest
    set in force on that day (the regime's first set for a day before it)."""
    sets = NOTICE_RULE_SETS[Regime(regime)]
    in_force = [rules for rules in sets if rules.effective_from <= effective_from]
    return max(in_force, key=lambda rules: rules.effective_from) if in_force else sets[0]


#: The value from which a contract below the threshold must still be published (GBP,
#: a sub-central authority such as a council): PCR 2015 reg. 112 (Contracts Finder) and,
#: from 24 Feb 2025, the Procurement Act's notifiable below-threshold contract.
BELOW_THRESHOLD_NOTICE_VALUES: tuple[tuple[date, Decimal], ...] = (
    (PCR2015_IN_FORCE, Decimal("25000")),  # excluding VAT until 2022
    (date(2022, 1, 1), Decimal("25000")),  # including VAT
    (date(2022, 12, 21), Decimal("30000")),  # including VAT
)


def below_threshold_notice_value_on(day: date) -> Decimal:
    """The smallest contract value below the threshold that must still be noticed."""
    return value_on(BELOW_THRESHOLD_NOTICE_VALUES, day, "below-threshold notice value")
