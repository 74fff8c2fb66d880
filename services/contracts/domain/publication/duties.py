"""Which notices the law asks of a contracting process now, and by when (R13, R16, R20).

A pure function of the facts, the regime's notice rules (``shared.regimes``, dated data)
and the time: the process reconciles its notices with it after every change, so a fact
arriving late (the call-off's terms after its award) only ever completes the picture.
Due dates are reckoned on the Europe/London calendar and end at the close of the last day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from services.contracts.domain.publication.changes import value_of
from services.contracts.domain.publication.facts import (
    AwardStatus,
    CallOffFacts,
    ContractStatus,
    DpsFacts,
    DpsStatus,
)
from services.contracts.domain.publication.notices import Duty, NoticeKind, NoticeStatus
from shared.clock import LONDON
from shared.regimes import (
    NoticePeriod,
    NoticeRules,
    below_threshold_notice_value_on,
    light_touch_threshold_on,
    notice_rules,
    rules_for,
)
from shared.workdays import end_of_local_day, local_date

K, S = NoticeKind, NoticeStatus


def rules_of(regime: str, rules_effective_from: date | None, on: date) -> NoticeRules:
    """The notice rules a process keeps: its DPS's rule set, else the one in force ``on``."""
    effective = rules_effective_from or rules_for(regime, on=on).effective_from
    return notice_rules(regime, effective)


def due_by(period: NoticePeriod, trigger: datetime) -> datetime:
    """The close (Europe/London) of the last day ``period`` allows after ``trigger``."""
    return end_of_local_day(period.last_day(local_date(trigger)))


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(day: date) -> date:
    year, quarter = quarter_of(day)
    first_of_next = date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


def grouped_award_notice_due(period: NoticePeriod, awarded: datetime) -> tuple[datetime, datetime]:
    """PCR 2015 reg. 50(4) / 75(4): notices grouped each quarter go out after the quarter
    ends (``earliest``) and within ``period`` of its end (``due``)."""
    end = quarter_end(local_date(awarded))
    earliest = datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON)
    return earliest, end_of_local_day(period.last_day(end))


# --- a DPS ----------------------------------------------------------------------------------


def dps_duties(facts: DpsFacts) -> list[Duty]:
    rules = notice_rules(facts.regime, facts.rules_effective_from)
    opened = facts.opened_at
    duties: list[Duty] = []
    if rules.arrangement_notice == "contract_notice":
        duties.append(Duty("contract-notice", K.PCR_CONTRACT_NOTICE, S.DUE, due_at=opened))
    elif rules.arrangement_notice == "UK4":
        duties.append(Duty("UK4", K.UK4_TENDER, S.DUE, due_at=opened))
    if rules.dynamic_market_notices:
        soon = rules.as_soon_as_practicable
        assert soon is not None
        duties.append(Duty("UK13", K.UK13_DYNAMIC_MARKET_INTENTION, S.DUE, due_at=opened))
        duties.append(dynamic_market_establishment(facts, soon))
        if facts.status is not DpsStatus.OPEN and facts.ended_at is not None:
            duties.append(Duty("UK16", K.UK16_DYNAMIC_MARKET_CESSATION, S.DUE,
                               due_at=due_by(soon, facts.ended_at)))
    return duties


def dynamic_market_establishment(facts: DpsFacts, soon: NoticePeriod) -> Duty:
    """Procurement Act s.39: the establishment notice follows the market's start, as soon as
    reasonably practicable; a market opened ahead of its start is announced (UK13) first."""
    starts = datetime.combine(facts.starts_on, time.min, tzinfo=LONDON)
    if starts <= facts.opened_at:
        return Duty("UK14", K.UK14_DYNAMIC_MARKET_ESTABLISHMENT, S.DUE,
                    due_at=due_by(soon, facts.opened_at))
    return Duty("UK14", K.UK14_DYNAMIC_MARKET_ESTABLISHMENT, S.SCHEDULED,
                due_at=due_by(soon, starts), earliest_at=starts)


def dynamic_market_modification(facts: DpsFacts, key: str, at: datetime) -> Duty | None:
    rules = notice_rules(facts.regime, facts.rules_effective_from)
    if not rules.dynamic_market_notices or rules.as_soon_as_practicable is None:
        return None
    return Duty(key, K.UK15_DYNAMIC_MARKET_MODIFICATION, S.DUE,
                due_at=due_by(rules.as_soon_as_practicable, at))


# --- a call-off or a placement -------------------------------------------------------------


def _above_threshold(facts: CallOffFacts, on: date) -> bool:
    if facts.above_threshold is not None:
        return facts.above_threshold
    value = value_of(facts)
    assert value is not None
    threshold = facts.threshold or light_touch_threshold_on(on)
    return value > threshold


def call_off_duties(facts: CallOffFacts, quarterly: bool) -> list[Duty]:
    """Every notice the call-off's regime asks for, as far as the facts tell."""
    if not facts.publishable or facts.regime is None:
        return []
    contract = facts.contract
    anchor = contract.signed_at if contract else facts.published_at
    assert anchor is not None
    rules = rules_of(facts.regime, facts.rules_effective_from, local_date(anchor))
    above = _above_threshold(facts, local_date(anchor))
    if rules.law.startswith("PCR"):
        return pcr_duties(facts, rules, above, quarterly)
    return procurement_act_duties(facts, rules, above)


def pcr_duties(
    facts: CallOffFacts, rules: NoticeRules, above: bool, quarterly: bool
) -> list[Duty]:
    """PCR 2015: an award notice after each contract under a DPS (reg. 50(3)) or above the
    light-touch threshold (reg. 75(2)), within 30 days, or grouped each quarter and sent
    within 30 days of its end; below the threshold, a Contracts Finder notice from the
    notifiable value (reg. 112); under it, none, and the reason is kept."""
    assert rules.award_notice is not None
    contract = facts.contract
    on = local_date(contract.signed_at if contract else facts.published_at)  # type: ignore[arg-type]
    below = rules.award_notice_above_threshold_only and not above
    value = value_of(facts)
    assert value is not None
    notifiable = below_threshold_notice_value_on(on)
    if below and value < notifiable:
        return [Duty("award-notice", K.CONTRACTS_FINDER_AWARD_NOTICE, S.NOT_REQUIRED,
                     reason=f"below the threshold and under {_pounds(notifiable)}: no award"
                            " notice is required (PCR 2015 reg. 112)")]
    kind = K.CONTRACTS_FINDER_AWARD_NOTICE if below else K.PCR_AWARD_NOTICE
    if contract is None:
        if facts.ended_without_contract:
            return [Duty("award-notice", kind, S.NOT_REQUIRED,
                         reason="the call-off ended without a contract")]
        return [Duty("award-notice", kind, S.WAITING, reason="waits for the contract")]
    subject = _award_subject(facts)
    period = rules.below_threshold_notice if below else rules.award_notice
    assert period is not None
    if quarterly and rules.award_notice_quarterly and not below:
        earliest, due = grouped_award_notice_due(period, contract.signed_at)
        year, quarter = quarter_of(local_date(contract.signed_at))
        return [Duty("award-notice", kind, S.SCHEDULED, due_at=due, earliest_at=earliest,
                     subject=subject, group=f"award-notices-{year}-Q{quarter}",
                     group_title=f"Contract award notices, {year} quarter {quarter}"
                                 " (grouped quarterly)")]
    return [Duty("award-notice", kind, S.DUE, due_at=due_by(period, contract.signed_at),
                 subject=subject)]


def procurement_act_duties(facts: CallOffFacts, rules: NoticeRules, above: bool) -> list[Duty]:
    """Procurement Act 2023: UK4 or UK5 before, UK6 after the assessment summaries (R15),
    UK7 within 30 days (120 for a light-touch contract), a below-threshold UK7 from the
    notifiable value; a user-choice contract skips UK5 and UK6 (R20)."""
    duties: list[Duty] = []
    user_choice = rules.user_choice_skips_award_notices and facts.funding_route == "user_choice"
    direct = facts.method in ("direct_award", "transition")
    advertised = facts.published_at or (facts.contract.signed_at if facts.contract else None)
    if direct:
        if user_choice:
            duties.append(Duty("UK5", K.UK5_TRANSPARENCY, S.NOT_REQUIRED,
                               reason=USER_CHOICE + ": no transparency notice"))
        elif not above:
            duties.append(Duty("UK5", K.UK5_TRANSPARENCY, S.NOT_REQUIRED,
                               reason="below the threshold: no transparency notice"))
        else:
            duties.append(Duty("UK5", K.UK5_TRANSPARENCY, S.DUE, due_at=advertised))
    elif facts.tender_known:
        if above:
            duties.append(Duty("UK4", K.UK4_TENDER, S.DUE, due_at=facts.published_at))
        else:
            duties.append(Duty("UK4", K.UK4_TENDER, S.NOT_REQUIRED,
                               reason="below the threshold: the call-off goes to the market's"
                                      " members only, not advertised"))
    duties += _contract_award_notices(facts, above, user_choice)
    duties += _contract_details(facts, rules, above)
    duties += _terminations(facts, rules, above, duties)
    return duties


USER_CHOICE = "a user-choice contract (Procurement Act 2023 Sch. 5 para. 15)"


def _contract_award_notices(facts: CallOffFacts, above: bool, user_choice: bool) -> list[Duty]:
    if user_choice:
        return [Duty("UK6", K.UK6_CONTRACT_AWARD, S.NOT_REQUIRED,
                     reason=USER_CHOICE + ": no contract award notice")]
    if not above:
        return [Duty("UK6", K.UK6_CONTRACT_AWARD, S.NOT_REQUIRED,
                     reason="below the threshold: no contract award notice")]
    if not facts.awards:
        if facts.ended_without_contract:
            return [Duty("UK6", K.UK6_CONTRACT_AWARD, S.NOT_REQUIRED,
                         reason="the call-off ended without a contract award")]
        return [Duty("UK6", K.UK6_CONTRACT_AWARD, S.WAITING,
                     reason="waits for the award decision")]
    duties = []
    for award in facts.awards:
        key, subject = f"UK6:{award.provider_id}", award.ocds_id
        signed = facts.contract.signed_at if (
            facts.contract and facts.contract.provider_id == award.provider_id) else None
        if award.status is AwardStatus.CANCELLED:
            duties.append(Duty(key, K.UK6_CONTRACT_AWARD, S.NOT_REQUIRED, subject=subject,
                               reason="the award gave way before its notice (declined,"
                                      " lapsed or passed over)"))
        elif facts.summaries_sent_at is None:
            # Due before the contract is entered into: its signature is the deadline.
            duties.append(Duty(key, K.UK6_CONTRACT_AWARD, S.WAITING, due_at=signed,
                               subject=subject,
                               reason="waits for the assessment summaries (Procurement Act"
                                      " 2023 s.50(3))"))
        else:
            duties.append(Duty(key, K.UK6_CONTRACT_AWARD, S.DUE, subject=subject,
                               due_at=signed or max(award.decided_at, facts.summaries_sent_at)))
    return duties


def _contract_details(facts: CallOffFacts, rules: NoticeRules, above: bool) -> list[Duty]:
    contract = facts.contract
    if contract is None:
        if facts.ended_without_contract:
            return [Duty("UK7", K.UK7_CONTRACT_DETAILS, S.NOT_REQUIRED,
                         reason="the call-off ended without a contract")]
        return [Duty("UK7", K.UK7_CONTRACT_DETAILS, S.WAITING, reason="waits for the contract")]
    subject = str(contract.contract_id)
    if above:
        # Every service bought through a care DPS is a light-touch (social care) service.
        period = rules.light_touch_contract_details_notice or rules.contract_details_notice
        assert period is not None
        return [Duty("UK7", K.UK7_CONTRACT_DETAILS, S.DUE,
                     due_at=due_by(period, contract.signed_at), subject=subject)]
    notifiable = below_threshold_notice_value_on(local_date(contract.signed_at))
    if contract.awarded_value < notifiable:
        return [Duty("UK7", K.UK7_BELOW_THRESHOLD, S.NOT_REQUIRED,
                     reason=f"below the threshold and under {_pounds(notifiable)}: not a"
                            " notifiable below-threshold contract (Procurement Act 2023 s.87)")]
    assert rules.below_threshold_notice is not None
    return [Duty("UK7", K.UK7_BELOW_THRESHOLD, S.DUE,
                 due_at=due_by(rules.below_threshold_notice, contract.signed_at),
                 subject=subject)]


def _terminations(
    facts: CallOffFacts, rules: NoticeRules, above: bool, so_far: list[Duty]
) -> list[Duty]:
    duties = []
    ended = facts.ended_without_contract
    noticed = any(d.kind in (K.UK4_TENDER, K.UK5_TRANSPARENCY) and d.status is S.DUE
                  for d in so_far)
    if ended is not None and rules.procurement_termination_notice and noticed:
        soon = rules.as_soon_as_practicable
        assert soon is not None
        duties.append(Duty("UK12", K.UK12_PROCUREMENT_TERMINATION, S.DUE,
                           due_at=due_by(soon, ended)))
    contract = facts.contract
    if contract is not None and contract.status is not ContractStatus.ACTIVE:
        assert contract.ended_at is not None and contract.ended_on is not None
        if not above or rules.contract_termination_notice is None:
            duties.append(Duty("UK11", K.UK11_CONTRACT_TERMINATION, S.NOT_REQUIRED,
                               reason="below the threshold: no contract termination notice"))
        else:
            last = rules.contract_termination_notice.last_day(contract.ended_on)
            duties.append(Duty("UK11", K.UK11_CONTRACT_TERMINATION, S.DUE,
                               due_at=end_of_local_day(last), subject=str(contract.contract_id)))
    return duties


def _award_subject(facts: CallOffFacts) -> str | None:
    contract = facts.contract
    award = facts.award_of(contract.provider_id) if contract else None
    return award.ocds_id if award else None


def _pounds(value: object) -> str:
    return f"£{value:,}"
