"""R13, R15, R16, R20: which notices each regime requires, and by when (pure, in memory).

Due dates are the close (Europe/London) of the last day the law allows; PCR 2015 counts
"days after", the Procurement Act "days beginning with the day"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from services.contracts.domain.publication import changes as ch
from services.contracts.domain.publication.duties import call_off_duties, dps_duties
from services.contracts.domain.publication.facts import CallOffFacts, ContractStatus
from services.contracts.domain.publication.notices import NoticeKind as K
from services.contracts.domain.publication.notices import NoticeStatus as S
from services.contracts.domain.publication.process import ContractingProcess
from shared.regimes import (
    Counting,
    NoticePeriod,
    below_threshold_notice_value_on,
    notice_rules,
)
from shared.workdays import end_of_local_day
from tests.contracts.factories import START, london

from .scenarios import CallOff, Dps, Lot

D = Decimal


def dps_of(regime: str, *, starts_on: date = date(2026, 9, 1)) -> Dps:
    return Dps("Test DPS", regime, ["Staffordshire County Council"], [Lot("A", "Lot A")],
               starts_on, START - timedelta(days=10))


def call_off(regime: str = "pcr2015_light_touch", hours: str = "84", rate: str = "14.20",
             **kw: object) -> CallOff:
    return CallOff(dps_of(regime), Lot("A", "Lot A"), "REF-1", D(hours), D(rate), START, **kw)


def signed(c: CallOff, at: datetime | None = None) -> CallOffFacts:
    facts = ch.with_terms(ch.new_call_off(c.call_off_id), c.terms())
    facts = ch.award_approved(facts, c.approved("provider-a"), "Provider A")
    facts = ch.summaries_sent(facts, START + timedelta(days=15))
    return ch.contract_awarded(facts, c.awarded("provider-a", "Provider A", at=at))


def duty(duties: list, key: str):  # type: ignore[no-untyped-def]
    [found] = [d for d in duties if d.key == key or d.key.startswith(key + ":")]
    return found


# --- PCR 2015 ---------------------------------------------------------------------------------


def test_pcr_dps_award_notice_is_due_30_days_after_each_contract_reg_50_3():
    c = call_off("pcr2015_dps")
    notice = duty(call_off_duties(signed(c, london(date(2027, 5, 14))), quarterly=False),
                  "award-notice")
    assert (notice.kind, notice.status) == (K.PCR_AWARD_NOTICE, S.DUE)
    assert notice.due_at == end_of_local_day(date(2027, 6, 13))


def test_pcr_award_notices_grouped_quarterly_go_after_the_quarter_and_are_due_30_days_after_it():
    c = call_off("pcr2015_dps")
    notice = duty(call_off_duties(signed(c, london(date(2027, 5, 14))), quarterly=True),
                  "award-notice")
    assert notice.status is S.SCHEDULED
    assert notice.earliest_at == datetime(2027, 6, 30, 23, tzinfo=UTC)  # 1 July, London
    assert notice.due_at == end_of_local_day(date(2027, 7, 30))  # 30 June + 30 days
    assert notice.group == "award-notices-2027-Q2"


def test_light_touch_award_notice_only_above_the_threshold_reg_75():
    above = call_off(hours="336", rate="14.75")
    assert duty(call_off_duties(signed(above), False), "award-notice").kind is K.PCR_AWARD_NOTICE
    below = call_off()
    assert (duty(call_off_duties(signed(below), False), "award-notice").kind
            is K.CONTRACTS_FINDER_AWARD_NOTICE)


def test_light_touch_call_off_below_30000_needs_no_notice_and_the_reason_is_recorded():
    small = call_off(hours="6", rate="14.00", months=12, extensions=())
    notice = duty(call_off_duties(signed(small), False), "award-notice")
    assert notice.status is S.NOT_REQUIRED
    assert "under £30,000" in notice.reason and "reg. 112" in notice.reason


def test_below_threshold_notice_value_is_30000_including_vat_from_21_december_2022():
    assert below_threshold_notice_value_on(date(2022, 12, 20)) == D("25000")
    assert below_threshold_notice_value_on(date(2022, 12, 21)) == D("30000")


# --- Procurement Act 2023 ---------------------------------------------------------------------


PA = "pa2023_dynamic_market"


def test_uk7_is_due_within_120_days_of_a_light_touch_contract_beginning_with_signature():
    c = call_off(PA, hours="336", rate="14.75")
    notice = duty(call_off_duties(signed(c, london(date(2027, 4, 1))), False), "UK7")
    assert (notice.kind, notice.status) == (K.UK7_CONTRACT_DETAILS, S.DUE)
    assert notice.due_at == end_of_local_day(date(2027, 7, 29))  # 1 April is day 1 of 120


def test_uk7_is_due_within_30_days_for_a_contract_that_is_not_light_touch():
    rules = notice_rules(PA, date(2025, 2, 24))
    assert rules.contract_details_notice == NoticePeriod(30, Counting.DAYS_BEGINNING_WITH)
    assert rules.contract_details_notice.last_day(date(2027, 4, 1)) == date(2027, 4, 30)


def test_uk4_tender_notice_for_an_above_threshold_call_off_and_none_below():
    above = call_off(PA, hours="336", rate="14.75")
    facts = ch.with_terms(ch.new_call_off(above.call_off_id), above.terms())
    notice = duty(call_off_duties(facts, False), "UK4")
    assert (notice.status, notice.due_at) == (S.DUE, above.published_at)
    below = call_off(PA)
    facts = ch.with_terms(ch.new_call_off(below.call_off_id), below.terms())
    assert duty(call_off_duties(facts, False), "UK4").status is S.NOT_REQUIRED


def test_uk6_cannot_be_issued_before_the_assessment_summaries_are_sent_r15():
    c = call_off(PA, hours="336", rate="14.75")
    facts = ch.with_terms(ch.new_call_off(c.call_off_id), c.terms())
    facts = ch.award_approved(facts, c.approved("provider-a", standstill_days=None), "A")
    process = ContractingProcess(c.call_off_id, facts.kind, "ocds-test01-x", facts, START,
                                 parent_ocid="ocds-test01-p")
    process.observe(facts, at=START, now=START, tags=["award"])
    uk6 = next(n for n in process.notices if n.kind == K.UK6_CONTRACT_AWARD)
    assert (uk6.status, uk6.issued_at) == (S.WAITING, None)
    assert "assessment summaries" in uk6.reason
    later = START + timedelta(days=2)
    process.observe(ch.summaries_sent(facts, later), at=later, now=later, tags=["awardUpdate"])
    assert (uk6.status, uk6.issued_at) == (S.ISSUED, later)


def test_a_contract_signed_before_its_uk6_leaves_the_uk6_overdue():
    c = call_off(PA, hours="336", rate="14.75")
    facts = ch.with_terms(ch.new_call_off(c.call_off_id), c.terms())
    facts = ch.award_approved(facts, c.approved("provider-a"), "A")
    facts = ch.contract_awarded(facts, c.awarded("provider-a", "A", at=START))
    [uk6] = [d for d in call_off_duties(facts, False) if d.kind is K.UK6_CONTRACT_AWARD]
    assert (uk6.status, uk6.due_at) == (S.WAITING, START)


def test_user_choice_award_skips_uk5_and_uk6_r20():
    c = call_off(PA, hours="336", rate="14.75", kind="direct_award", funding_route="user_choice")
    duties = call_off_duties(signed(c), False)
    for key in ("UK5", "UK6"):
        notice = duty(duties, key)
        assert notice.status is S.NOT_REQUIRED, key
        assert "user-choice contract" in notice.reason
    assert duty(duties, "UK7").status is S.DUE


def test_direct_award_above_threshold_needs_a_uk5_transparency_notice():
    c = call_off(PA, hours="336", rate="14.75", kind="direct_award")
    assert duty(call_off_duties(signed(c), False), "UK5").status is S.DUE


def test_below_threshold_contract_from_30000_gets_a_uk7_and_under_it_none_with_the_reason():
    notifiable = call_off(PA)  # £310,128 whole life: below the threshold, above £30,000
    notice = duty(call_off_duties(signed(notifiable), False), "UK7")
    assert (notice.kind, notice.status) == (K.UK7_BELOW_THRESHOLD, S.DUE)
    small = call_off(PA, hours="6", rate="14.00", months=12, extensions=())
    notice = duty(call_off_duties(signed(small), False), "UK7")
    assert notice.status is S.NOT_REQUIRED and "s.87" in notice.reason


def test_uk11_is_due_within_30_days_beginning_with_the_day_an_above_threshold_contract_ends():
    c = call_off(PA, hours="336", rate="14.75")
    facts = ch.contract_finished(signed(c), ContractStatus.TERMINATED, date(2028, 2, 10),
                                 london(date(2028, 2, 10)))
    assert duty(call_off_duties(facts, False), "UK11").due_at == end_of_local_day(date(2028, 3, 10))


def test_uk12_when_a_call_off_that_had_a_tender_notice_is_cancelled():
    c = call_off(PA, hours="336", rate="14.75")
    facts = ch.cancelled(ch.with_terms(ch.new_call_off(c.call_off_id), c.terms()),
                         london(date(2027, 3, 5)))  # a Friday
    notice = duty(call_off_duties(facts, False), "UK12")
    assert notice.due_at == end_of_local_day(date(2027, 3, 12))  # five working days


# --- R16: dynamic market notices ----------------------------------------------------------------


def test_dynamic_market_announced_before_its_start_gets_uk13_now_and_uk14_on_its_start():
    dps = dps_of(PA, starts_on=date(2027, 3, 15))
    duties = dps_duties(ch.dps_opened(dps.opened()))
    assert [d.kind for d in duties] == [K.UK13_DYNAMIC_MARKET_INTENTION,
                                        K.UK14_DYNAMIC_MARKET_ESTABLISHMENT]
    intention, establishment = duties
    assert intention.status is S.DUE
    assert establishment.status is S.SCHEDULED
    assert establishment.earliest_at == datetime(2027, 3, 15, tzinfo=UTC)
    assert establishment.due_at == end_of_local_day(date(2027, 3, 22))  # 5 working days


def test_dynamic_market_modification_and_cessation_notices():
    dps = dps_of(PA)
    process = ContractingProcess(dps.dps_id, ch.dps_opened(dps.opened()).kind, "ocds-test01-d",
                                 ch.dps_opened(dps.opened()), START)
    process.observe(process.facts, at=START, now=START, tags=["tender"])
    extra = Lot("B", "Lot B")
    process.observe(ch.dps_changed(process.dps, dps.changed(START, extra)), at=START, now=START,
                    tags=["tenderUpdate"], modification="UK15-1")
    process.observe(ch.dps_changed(process.dps, dps.changed(START, extra)), at=START, now=START,
                    tags=["tenderUpdate"], modification="UK15-2")  # nothing changed: no notice
    process.observe(ch.dps_closed(process.dps, dps.closed(START)), at=START, now=START,
                    tags=["tenderUpdate"])
    kinds = [n.kind for n in process.notices]
    assert kinds.count(K.UK15_DYNAMIC_MARKET_MODIFICATION) == 1
    assert K.UK16_DYNAMIC_MARKET_CESSATION in kinds


def test_pcr_dps_gets_a_contract_notice_and_no_dynamic_market_notices():
    duties = dps_duties(ch.dps_opened(dps_of("pcr2015_dps").opened()))
    assert [d.kind for d in duties] == [K.PCR_CONTRACT_NOTICE]


def test_dynamic_market_notices_carry_the_reg_25_fields():
    """Procurement Regulations 2024 reg. 25: who establishes the market (the lead and each
    joint buyer), its title and unique identifier, and its parts, in the published notice."""
    dps = Dps("Joint Care Market", PA, ["Sefton Council", "NHS South Sefton CCG"],
              [Lot("A", "Lot A"), Lot("B", "Lot B")], date(2026, 9, 1), START)
    process = ContractingProcess(dps.dps_id, ch.dps_opened(dps.opened()).kind, "ocds-test01-j",
                                 ch.dps_opened(dps.opened()), START)
    [release] = process.observe(process.facts, at=START, now=START, tags=["tender"])
    assert release["buyer"]["name"] == "Sefton Council"  # the lead
    assert [p["name"] for p in release["parties"] if "buyer" in p["roles"]] == dps.buyers
    assert release["tender"]["title"] == "Joint Care Market"
    assert release["ocid"] == "ocds-test01-j"
    assert [lot["title"] for lot in release["tender"]["lots"]] == ["Lot A", "Lot B"]
    assert {d["noticeType"] for d in release["tender"]["documents"]} == {"UK13", "UK14"}
    assert release["tender"]["contractPeriod"]["startDate"].startswith("2026-08-31")
