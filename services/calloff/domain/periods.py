"""How long invitees have to respond, per regime (R6), and when a call-off may close early.

- PCR 2015 DPS (reg. 34): at least 10 calendar days from the invitation, shorter only when
  every invitee has agreed to it (each consent recorded).
- Light-touch regimes (the pseudo DPS, the Procurement Act's dynamic market and open
  framework): no statutory minimum; the council's own setting applies
  (``CALLOFF_COUNCIL_MIN_RESPONSE_HOURS``), which can be a few hours for an urgent
  hospital discharge.

Closing early, once every invitee has answered (responded or declined): allowed at once
where there is no statutory minimum; where there is one, only after it has run, since the
minimum is each invitee's right to the whole period (a consent shortened it already).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from uuid import UUID

from services.calloff.domain import errors as e
from shared.regimes import RegimeRules


def minimum_period(rules: RegimeRules, council_min_hours: float) -> timedelta:
    if rules.min_response_calendar_days is not None:
        return timedelta(days=rules.min_response_calendar_days)
    return timedelta(hours=council_min_hours)


def check_response_period(
    rules: RegimeRules,
    *,
    published_at: datetime,
    deadline: datetime,
    invitees: Collection[UUID],
    consents: Collection[UUID],
    council_min_hours: float,
) -> None:
    """Refuse a deadline already past, or too soon for the regime without every consent."""
    if deadline <= published_at:
        raise e.ResponseDeadlinePassed(
            "The response deadline has passed: set a later one before publishing.",
            field="response_deadline",
        )
    shortest = minimum_period(rules, council_min_hours)
    if deadline - published_at >= shortest:
        return
    if rules.min_response_calendar_days is None:
        raise e.ResponsePeriodTooShort(
            f"The council's shortest response period is {council_min_hours:g} hours"
            f" ({rules.label}); the deadline gives less.",
            minimum_hours=council_min_hours,
        )
    without = [p for p in invitees if p not in set(consents)]
    if without or not invitees:
        raise e.ResponsePeriodTooShort(
            f"{rules.label}: invitees have at least {rules.min_response_calendar_days} calendar"
            " days to respond unless every invitee agreed to a shorter period;"
            f" {len(without)} of {len(invitees)} invitees have no recorded consent.",
            minimum_days=rules.min_response_calendar_days,
            without_consent=len(without),
        )


def may_close_early(
    rules: RegimeRules, *, published_at: datetime, now: datetime, shortened: bool
) -> bool:
    """Whether the regime lets a call-off every invitee has answered close before its
    deadline (``shortened``: every invitee consented to a shorter period already)."""
    if rules.min_response_calendar_days is None or shortened:
        return True
    return now - published_at >= timedelta(days=rules.min_response_calendar_days)
