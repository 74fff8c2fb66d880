"""Setting up a DPS: lifecycle, lots, windows, criteria and rate cards."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from services.registry.domain import CriterionKind, DpsStatus, Rate, RateUnit, Regime
from services.registry.domain import errors as e
from services.registry.domain.rates import money
from shared.clock import LONDON
from shared.events.registry import (
    DpsChanged,
    DpsClosed,
    DpsOpened,
    LotClosed,
    RateCardAdded,
    ReopeningWindowClosed,
    ReopeningWindowOpened,
)
from tests.registry.factories import (
    AUDITOR,
    COMMISSIONER,
    KENT_FIRST_REOPENING,
    kent_everyday_life,
    make_dps,
    make_provider,
    provider_user,
    sefton_supported_living_pdps,
    staffordshire_supported_living,
)

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)  # both Acts in force
KENT_ITT = datetime(2022, 5, 30, 9, tzinfo=UTC)


def names(events):
    return [type(ev).__name__ for ev in events]


def test_dps_lifecycle_draft_open_closed_publishes_opened_and_closed():
    dps = make_dps(NOW, open_=False)
    assert dps.status is DpsStatus.DRAFT
    dps.open(NOW, COMMISSIONER)
    opened = dps.pull_events()[0][1]
    assert isinstance(opened, DpsOpened)
    assert opened.latest_end_on == date(2028, 12, 31)
    assert [lot.code for lot in opened.lots] == ["A"]
    dps.close(NOW + timedelta(days=1), COMMISSIONER, "service recommissioned")
    assert dps.status is DpsStatus.CLOSED
    closed = dps.pull_events()[-1][1]
    assert isinstance(closed, DpsClosed) and closed.outcome == "closed"


def test_dps_cannot_open_without_lots():
    dps = make_dps(NOW, open_=False, lots=())
    with pytest.raises(e.DpsHasNoLots):
        dps.open(NOW, COMMISSIONER)
    assert dps.status is DpsStatus.DRAFT


def test_dps_cannot_open_twice():
    dps = make_dps(NOW)
    with pytest.raises(e.InvalidDpsTransition):
        dps.open(NOW, COMMISSIONER)


def test_closing_a_dps_needs_a_reason():
    dps = make_dps(NOW)
    with pytest.raises(e.ReasonRequired):
        dps.close(NOW, COMMISSIONER, "  ")
    assert dps.status is DpsStatus.OPEN


def test_dps_expires_only_after_its_term():
    dps = make_dps(NOW, extension_months=[])  # ends 31 Dec 2027
    with pytest.raises(e.TermNotEnded):
        dps.expire(datetime(2027, 12, 31, 12, tzinfo=UTC))
    dps.advance(datetime(2027, 12, 31, 23, tzinfo=UTC))
    assert dps.status is DpsStatus.OPEN
    dps.advance(datetime(2028, 1, 1, 0, 1, tzinfo=UTC))
    assert dps.status is DpsStatus.EXPIRED
    closed = dps.pull_events()[-1][1]
    assert isinstance(closed, DpsClosed) and closed.outcome == "expired"


def test_exercising_an_extension_moves_the_end_once_per_option():
    dps = make_dps(NOW)
    assert dps.current_end_on == date(2027, 12, 31)
    dps.exercise_extension(NOW, COMMISSIONER, "market still growing")
    assert dps.current_end_on == date(2028, 12, 31)
    assert isinstance(dps.pull_events()[-1][1], DpsChanged)
    with pytest.raises(e.NoExtensionLeft):
        dps.exercise_extension(NOW, COMMISSIONER, "again")


def test_only_a_commissioner_sets_up_and_changes_a_dps():
    dps = make_dps(NOW, open_=False)
    provider = make_provider()
    for actor in (AUDITOR, provider_user(provider)):
        with pytest.raises(e.RoleNotPermitted):
            dps.add_lot("X", "X", NOW, actor)
        with pytest.raises(e.RoleNotPermitted):
            dps.open(NOW, actor)
    assert len(dps.lots) == 1


def test_unknown_lot_refused():
    dps = make_dps(NOW)
    from uuid import uuid4

    with pytest.raises(e.LotNotFound):
        dps.admission_open_for(uuid4(), NOW)


def test_duplicate_lot_code_refused():
    dps = make_dps(NOW)
    with pytest.raises(e.DuplicateLotCode):
        dps.add_lot("A", "Again", NOW, COMMISSIONER)
    assert len(dps.lots) == 1


def test_lot_added_to_an_open_dps_publishes_lot_opened_and_dps_changed():
    dps = make_dps(NOW)
    dps.add_lot("B", "Night care", NOW, COMMISSIONER, remote_delivery_allowed=True)
    assert names(dps.pending_events) == ["DpsChanged", "LotOpened"]


def test_a_closed_or_expired_dps_cannot_change():
    dps = make_dps(NOW)
    dps.close(NOW, COMMISSIONER, "ended early")
    with pytest.raises(e.DpsNotEditable):
        dps.add_lot("B", "B", NOW, COMMISSIONER)


def test_stopping_and_resuming_admissions_to_a_lot_publish_lot_events():
    dps = make_dps(NOW)
    lot = dps.lots[0]
    dps.stop_admissions(lot.id, NOW, COMMISSIONER, "market saturated for now")
    with pytest.raises(e.LotNotAdmitting):
        dps.admission_open_for(lot.id, NOW)
    dps.resume_admissions(lot.id, NOW, COMMISSIONER)
    assert dps.admission_open_for(lot.id, NOW)
    lot_events = [n for n in names(dps.pending_events) if n.startswith("Lot")]
    assert lot_events == ["LotClosed", "LotOpened"]


# --- windows and closed lots -----------------------------------------------------------


def test_closed_lot_admits_during_initial_window():
    dps = kent_everyday_life(KENT_ITT)
    assert dps.admission_open_for(dps.lot_by_code("1b").id, datetime(2022, 6, 17, 22, tzinfo=UTC))


def test_closed_lot_refuses_application_after_initial_window():
    dps = kent_everyday_life(KENT_ITT)
    lot_1b = dps.lot_by_code("1b")
    inside_a_reopening = KENT_FIRST_REOPENING + timedelta(days=1)
    with pytest.raises(e.ClosedLotWindowPassed) as refused:
        dps.admission_open_for(lot_1b.id, inside_a_reopening)
    assert "closed lot" in refused.value.message


def test_closed_lot_stops_admitting_when_initial_window_ends():
    dps = kent_everyday_life(KENT_ITT)
    dps.advance(datetime(2022, 6, 18, 9, tzinfo=UTC))
    lot_1b = dps.lot_by_code("1b")
    assert lot_1b.accepting_applications is False
    closed = [ev for ev in dps.pending_events if isinstance(ev, LotClosed)]
    assert [ev.lot_id for ev in closed] == [lot_1b.id]
    with pytest.raises(e.ClosedLotCannotReopen):
        dps.resume_admissions(lot_1b.id, datetime(2022, 7, 1, tzinfo=UTC), COMMISSIONER)


def test_application_outside_reopening_window_refused():
    dps = kent_everyday_life(KENT_ITT)
    lot_1a = dps.lot_by_code("1a")
    with pytest.raises(e.OutsideReopeningWindow) as refused:
        dps.admission_open_for(lot_1a.id, datetime(2023, 1, 10, tzinfo=UTC))
    assert "01 Apr 2023" in refused.value.message or "31 Mar 2023" in refused.value.message
    assert dps.admission_open_for(lot_1a.id, KENT_FIRST_REOPENING + timedelta(days=3))
    with pytest.raises(e.OutsideReopeningWindow):
        dps.admission_open_for(lot_1a.id, KENT_FIRST_REOPENING + timedelta(days=40))


def test_kent_reopens_every_six_months_first_six_months_after_commencement():
    dps = kent_everyday_life(KENT_ITT)
    opens = [w.opens_at.astimezone(LONDON).date() for w in dps.windows]
    assert opens[:3] == [date(2023, 4, 1), date(2023, 10, 1), date(2024, 4, 1)]
    assert all(dps.lot_by_code("1b").id not in w.lot_id_list() for w in dps.windows)


def test_reopening_window_cannot_include_a_closed_lot():
    dps = kent_everyday_life(KENT_ITT)
    with pytest.raises(e.ClosedLotCannotReopen):
        now = datetime(2022, 8, 1, tzinfo=UTC)
        dps.schedule_window(now, datetime(2022, 9, 1, tzinfo=UTC), now, COMMISSIONER,
                            lot_ids=[dps.lot_by_code("1b").id])


def test_windows_only_on_a_dps_that_admits_in_windows():
    dps = make_dps(NOW)
    with pytest.raises(e.InvalidWindow):
        dps.schedule_window(NOW, NOW + timedelta(days=10), NOW, COMMISSIONER)


def test_ad_hoc_window_opens_now_and_closes_early_with_events():
    dps = kent_everyday_life(KENT_ITT)
    now = datetime(2022, 8, 1, 9, tzinfo=UTC)
    window = dps.schedule_window(now, now + timedelta(days=14), now, COMMISSIONER)
    assert dps.admission_open_for(dps.lot_by_code("2").id, now + timedelta(hours=1))
    dps.close_window(window.id, now + timedelta(days=2), COMMISSIONER, "enough applicants")
    with pytest.raises(e.OutsideReopeningWindow):
        dps.admission_open_for(dps.lot_by_code("2").id, now + timedelta(days=3))
    kinds = [type(ev) for ev in dps.pending_events]
    assert ReopeningWindowOpened in kinds and ReopeningWindowClosed in kinds


def test_scheduled_window_opens_and_closes_on_the_ticker():
    dps = kent_everyday_life(KENT_ITT)
    dps.advance(KENT_FIRST_REOPENING + timedelta(minutes=1))
    assert any(isinstance(ev, ReopeningWindowOpened) for _, ev in dps.pull_events())
    dps.advance(KENT_FIRST_REOPENING + timedelta(days=29))
    assert [type(ev) for _, ev in dps.pull_events()] == [ReopeningWindowClosed]


# --- criteria and rates ----------------------------------------------------------------


def test_award_criteria_catalogue_is_fixed_once_the_dps_opens():
    dps = make_dps(NOW, open_=False)
    dps.add_criterion("quality", "Quality", CriterionKind.QUALITY, "60", "80", NOW, COMMISSIONER)
    dps.open(NOW, COMMISSIONER)
    with pytest.raises(e.CriteriaCatalogueFixed):
        dps.add_criterion("price", "Price", CriterionKind.COST, "20", "40", NOW, COMMISSIONER)
    assert [c.code for c in dps.criteria] == ["quality"]


def test_criterion_weight_range_must_be_ordered_within_0_to_100():
    dps = make_dps(NOW, open_=False)
    for lo, hi in (("80", "60"), ("-1", "10"), ("10", "101")):
        with pytest.raises(e.InvalidWeightRange):
            dps.add_criterion("q", "Quality", CriterionKind.QUALITY, lo, hi, NOW, COMMISSIONER)
    assert dps.criteria == []


def test_rate_min_above_max_refused():
    dps = staffordshire_supported_living(datetime(2020, 3, 2, tzinfo=UTC))
    before = list(dps.rate_cards)
    with pytest.raises(e.RateMinAboveMax):
        dps.add_rate_card(dps.lots[0].id, date(2025, 1, 1),
                          [Rate.range("support", RateUnit.HOUR, "14.75", "13.60")],
                          datetime(2020, 3, 2, tzinfo=UTC), COMMISSIONER)
    assert dps.rate_cards == before


def test_money_is_decimal_pence_never_float():
    assert money("13.6") == Decimal("13.60")
    with pytest.raises(e.InvalidRate):
        money(13.6)  # type: ignore[arg-type]
    with pytest.raises(e.InvalidRate):
        money("13.605")
    with pytest.raises(e.InvalidRate):
        money("-1")


def test_rate_cards_for_one_lot_cannot_overlap():
    now = datetime(2020, 3, 2, tzinfo=UTC)
    dps = staffordshire_supported_living(now)
    lot = dps.lots[0]
    with pytest.raises(e.RateCardOverlap):
        dps.add_rate_card(
            lot.id, date(2021, 4, 1), [Rate.fixed("support", RateUnit.HOUR, "15.00")], now,
            COMMISSIONER,
        )


def test_rate_card_in_force_follows_effective_dates():
    now = datetime(2025, 1, 6, tzinfo=UTC)
    dps = make_dps(now)
    lot = dps.lots[0]
    old = dps.add_rate_card(
        lot.id, date(2025, 1, 1), [Rate.fixed("support", RateUnit.HOUR, "20.00")],
                            now, COMMISSIONER, effective_to=date(2025, 3, 31))
    new = dps.add_rate_card(
        lot.id, date(2025, 4, 1), [Rate.fixed("support", RateUnit.HOUR, "21.00")],
                            now, COMMISSIONER)
    assert dps.rate_card_for(lot.id, date(2025, 3, 31)) is old
    assert dps.rate_card_for(lot.id, date(2025, 4, 1)) is new
    assert dps.rate_card_for(lot.id, date(2024, 12, 31)) is None


def test_joint_commissioning_names_every_buyer_in_dps_opened():
    dps = sefton_supported_living_pdps(
        datetime(2020, 9, 1, 9, tzinfo=UTC), open_=False, joint_with_health=True
    )
    dps.open(datetime(2020, 9, 1, 9, tzinfo=UTC), COMMISSIONER)
    opened = dps.pending_events[0]
    assert opened.buyer_organisations == [
        "Sefton Metropolitan Borough Council",
        "NHS South Sefton CCG",
        "NHS Southport and Formby CCG",
    ]
    assert opened.regime == Regime.PCR2015_LIGHT_TOUCH.value


# --- dates the domain can always compute on ---------------------------------------------


@pytest.mark.parametrize("starts_on", [date(9999, 12, 1), date(1, 1, 1)])
def test_a_dps_starting_outside_the_calendar_it_computes_on_is_refused(starts_on):
    with pytest.raises(e.DateOutOfRange):
        make_dps(NOW, open_=False, starts_on=starts_on, initial_term_months=12,
                 extension_months=[])


def test_a_term_or_extension_beyond_what_is_kept_is_refused():
    with pytest.raises(e.InvalidTerm):
        make_dps(NOW, open_=False, extension_months=[1_000_000_000])
    with pytest.raises(e.InvalidTerm):
        make_dps(NOW, open_=False, regime=Regime.PCR2015_LIGHT_TOUCH,
                 decision_service_level_working_days=10, initial_term_months=2**31)


def test_a_negative_or_unstorable_fee_is_refused():
    for fee in (Decimal("-1"), Decimal("1e30"), Decimal("10000000000.00")):
        with pytest.raises(e.InvalidFee):
            make_dps(NOW, open_=False, regime=Regime.PA2023_DYNAMIC_MARKET,
                     decision_service_level_working_days=10, participation_fee=fee)


def test_an_amount_beyond_the_column_is_refused_not_overflowed():
    for amount in ("1e30", "99999999999.99", "Infinity", "NaN"):
        with pytest.raises(e.InvalidRate):
            money(amount)


def test_closed_lot_refusal_is_the_same_before_and_after_the_ticker_has_run():
    dps = kent_everyday_life(KENT_ITT)
    lot_1b = dps.lot_by_code("1b").id
    after_window = KENT_FIRST_REOPENING + timedelta(days=1)
    with pytest.raises(e.ClosedLotWindowPassed) as before_tick:
        dps.admission_open_for(lot_1b, after_window)
    dps.advance(after_window)  # the ticker stops the closed lot's admissions
    assert not dps.lot(lot_1b).accepting_applications
    with pytest.raises(e.ClosedLotWindowPassed) as after_tick:
        dps.admission_open_for(lot_1b, after_window)
    assert before_tick.value.code == after_tick.value.code == "closed_lot_window_passed"


def test_opening_announces_the_criteria_catalogue_price_setting_and_each_rate_card():
    now = datetime(2020, 1, 6, 9, tzinfo=UTC)
    dps = staffordshire_supported_living(now, open_=False)
    dps.open(now, COMMISSIONER)
    opened, *cards = dps.pending_events
    assert isinstance(opened, DpsOpened)
    assert [(c.code, c.kind, c.min_weight, c.max_weight) for c in opened.criteria] == [
        (c.code, c.kind.value, c.min_weight, c.max_weight) for c in dps.criteria
    ]
    assert opened.price_compliance.price_above_reference == "non_compliant"
    assert opened.price_compliance.abnormally_low_percent == 80
    [card] = cards
    assert isinstance(card, RateCardAdded)
    assert [(r.element, r.unit, r.min_amount, r.max_amount) for r in card.rates] == [
        ("support", "hour", Decimal("13.60"), Decimal("14.75")),
        ("sleep_in", "night", Decimal("78.00"), Decimal("87.00")),
    ]


def test_a_rate_card_added_to_an_open_dps_is_announced_and_a_draft_one_is_not():
    now = datetime(2025, 1, 6, tzinfo=UTC)
    draft = make_dps(now, open_=False)
    draft.add_rate_card(draft.lots[0].id, date(2025, 1, 1),
                        [Rate.fixed("support", RateUnit.HOUR, "20.00")], now, COMMISSIONER)
    assert not any(isinstance(ev, RateCardAdded) for ev in draft.pending_events)
    dps = make_dps(now)
    card = dps.add_rate_card(dps.lots[0].id, date(2025, 4, 1),
                             [Rate.fixed("support", RateUnit.HOUR, "21.00")], now, COMMISSIONER)
    [added] = [ev for ev in dps.pending_events if isinstance(ev, RateCardAdded)]
    assert (added.rate_card_id, added.lot_id, added.effective_from) == (
        card.id, dps.lots[0].id, date(2025, 4, 1))


def test_catalogue_and_rate_cards_are_bounded_so_their_events_stay_small():
    now = datetime(2025, 1, 6, tzinfo=UTC)
    dps = make_dps(now, open_=False)
    for n in range(30 - len(dps.criteria)):
        dps.add_criterion(f"q{n}", f"Quality {n}", CriterionKind.QUALITY, "0", "10", now,
                          COMMISSIONER)
    with pytest.raises(e.InvalidWeightRange, match="at most 30"):
        dps.add_criterion("one_more", "One more", CriterionKind.QUALITY, "0", "10", now,
                          COMMISSIONER)
    with pytest.raises(e.InvalidRate, match="at most 50"):
        dps.add_rate_card(dps.lots[0].id, date(2025, 1, 1),
                          [Rate.fixed(f"e{n}", RateUnit.HOUR, "1.00") for n in range(51)],
                          now, COMMISSIONER)


def test_price_compliance_setting_is_a_percent():
    now = datetime(2025, 1, 6, tzinfo=UTC)
    with pytest.raises(e.InvalidTerm, match="abnormally_low_percent"):
        make_dps(now, open_=False, abnormally_low_percent=101)
