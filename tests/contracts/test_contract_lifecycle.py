"""An individual contract's life, in memory: draft -> active -> extended -> ended |
terminated; Sefton's 3 + 1 + 1 years, options taken separately or together and never
beyond them; variations never before the start date, with their full history."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from uuid import uuid4

import pytest

from services.contracts.domain import errors as e
from services.contracts.domain.contracts.contract import (
    Contract,
    ContractOrigin,
    ContractStatus,
)
from services.contracts.domain.contracts.kpis import KpiRecord, Rating
from shared.actors import Actor, Role
from shared.events.calloff import FundingShare, PriceLine, VolumeLine

from .factories import SEFTON, START, london

COUNCIL = Actor("officer-1", Role.COMMISSIONER)
D = Decimal


def sefton_contract(**overrides: object) -> Contract:
    """Sefton supported living at the council's fixed rate: 3 years + 12 + 12 months from
    1 April 2027, 70 hours a week at £17.50 (£63,700 a year)."""
    values: dict[str, object] = dict(
        award_id=uuid4(), dps_id=uuid4(), lot_id=uuid4(), provider_id=uuid4(),
        provider_name="Mersey Supported Living Ltd", regime="pcr2015_light_touch",
        buyer_organisation=SEFTON, funding_route="council_arranged",
        funding_shares=[FundingShare(buyer=SEFTON, share_percent=D(100))],
        start_on=date(2027, 4, 1), initial_term_months=36, extension_months=[12, 12],
        rates=[PriceLine(element="support", unit="hour", amount=D("17.50"))],
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=D(70))],
        reference_rates=[], annual_value=D("63700.00"), whole_life_value=D("318500.00"),
        awarded_at=START,
    )
    values.update(overrides)
    return Contract(origin=ContractOrigin.CALL_OFF, **values)  # type: ignore[arg-type]


def on(day: date) -> object:
    return london(day, time(9))


def started(contract: Contract) -> Contract:
    contract.tick(on(contract.start_on))
    return contract


def test_a_contract_starts_on_its_start_date_and_ends_after_its_last_day():
    contract = sefton_contract()
    contract.tick(on(date(2027, 3, 31)))
    assert contract.status is ContractStatus.DRAFT
    contract.tick(on(date(2027, 4, 1)))
    assert (contract.status, contract.started_on) == (ContractStatus.ACTIVE, date(2027, 4, 1))
    contract.tick(on(date(2030, 3, 31)))
    assert contract.status is ContractStatus.ACTIVE
    contract.tick(on(date(2030, 4, 1)))
    assert (contract.status, contract.ended_on) == (ContractStatus.ENDED, date(2030, 3, 31))
    assert [type(x).__name__ for x in contract.pending_events] == [
        "ContractStarted", "ContractEnded"
    ]


def test_sefton_3_plus_1_plus_1_with_one_extension_taken():
    contract = started(sefton_contract())
    contract.extend(1, "outcomes met; person settled", on(date(2030, 1, 10)), COUNCIL)
    assert contract.status is ContractStatus.EXTENDED
    assert contract.current_end_on == date(2031, 3, 31)
    assert contract.options_left == [12]
    [extended] = [x for x in contract.pending_events if type(x).__name__ == "ContractExtended"]
    assert (extended.option_sequence, extended.months, extended.ends_on) == (
        1, 12, date(2031, 3, 31)
    )
    contract.tick(on(date(2031, 4, 1)))
    assert (contract.status, contract.ended_on) == (ContractStatus.ENDED, date(2031, 3, 31))


def test_sefton_extensions_taken_together_make_five_years():
    contract = started(sefton_contract())
    contract.extend(2, "taken as a whole", on(date(2029, 11, 1)), COUNCIL)
    assert contract.current_end_on == date(2032, 3, 31) == contract.latest_end_on
    assert [x.option_sequence for x in contract.extensions] == [1, 2]


def test_extending_past_the_options_is_refused():
    contract = started(sefton_contract())
    contract.extend(1, "first", on(date(2030, 1, 10)), COUNCIL)
    with pytest.raises(e.NoExtensionLeft):
        contract.extend(2, "too many", on(date(2030, 1, 11)), COUNCIL)
    contract.extend(1, "second", on(date(2031, 1, 10)), COUNCIL)
    with pytest.raises(e.NoExtensionLeft):
        contract.extend(1, "a third", on(date(2031, 1, 11)), COUNCIL)
    assert contract.current_end_on == date(2032, 3, 31)


def test_a_contract_is_extended_only_while_it_runs():
    with pytest.raises(e.ContractNotStarted):
        sefton_contract().extend(1, "early", on(date(2027, 3, 1)), COUNCIL)
    contract = started(sefton_contract())
    with pytest.raises(e.ContractTermOver):
        contract.extend(1, "late", on(date(2030, 4, 2)), COUNCIL)


def test_a_variation_before_the_start_date_is_refused():
    contract = sefton_contract()
    with pytest.raises(e.VariationBeforeStart):
        contract.vary(effective_on=date(2027, 3, 31), reason="more hours", rates=None,
                      volumes=[VolumeLine(element="support", unit="hour",
                                          quantity_per_week=D(80))],
                      now=START, by=COUNCIL)
    assert contract.variations == [] and contract.pending_events == []


def test_variations_keep_their_history_and_change_the_value_from_their_date():
    contract = started(sefton_contract())
    more = [VolumeLine(element="support", unit="hour", quantity_per_week=D(84))]
    first = contract.vary(effective_on=date(2028, 4, 1), reason="needs increased",
                          rates=None, volumes=more, now=on(date(2028, 3, 20)), by=COUNCIL)
    assert first.annual_value == D("76440.00")  # 84/70 of £63,700
    # The rise of £12,740 a year counts over what is left of the full 5-year term: 1,461 of
    # its 1,827 days (a year gone), so £63,700 x 1461/1827 = £50,939.08 more.
    assert first.whole_life_value == D("369439.08")
    uplift = [PriceLine(element="support", unit="hour", amount=D("18.20"))]
    contract.vary(effective_on=date(2029, 4, 1), reason="annual uplift", rates=uplift,
                  volumes=None, now=on(date(2029, 3, 1)), by=COUNCIL)
    assert [v.reason for v in contract.variations] == ["needs increased", "annual uplift"]
    assert contract.rates == uplift and contract.volumes == more
    with pytest.raises(e.VariationOutOfOrder):
        contract.vary(effective_on=date(2028, 6, 1), reason="back-dated", rates=None,
                      volumes=[VolumeLine(element="support", unit="hour",
                                          quantity_per_week=D(90))],
                      now=on(date(2029, 3, 2)), by=COUNCIL)


def test_a_variation_must_change_something_and_price_every_volume():
    contract = started(sefton_contract())
    with pytest.raises(e.VariationChangesNothing):
        contract.vary(effective_on=date(2028, 1, 1), reason="same", rates=None, volumes=None,
                      now=START, by=COUNCIL)
    with pytest.raises(e.UnpricedVolume):
        contract.vary(effective_on=date(2028, 1, 1), reason="nights", rates=None,
                      volumes=[*contract.volumes,
                               VolumeLine(element="sleep_in", unit="night",
                                          quantity_per_week=D(7))],
                      now=START, by=COUNCIL)


def test_termination_takes_effect_from_its_date_with_its_reason():
    contract = started(sefton_contract())
    with pytest.raises(e.ReasonRequired):
        contract.terminate(date(2028, 5, 31), " ", on(date(2028, 5, 1)), COUNCIL)
    with pytest.raises(e.InvalidTermination):
        contract.terminate(date(2033, 1, 1), "beyond the term", on(date(2028, 5, 1)), COUNCIL)
    contract.terminate(date(2028, 5, 31), "person moved to residential care",
                       on(date(2028, 5, 1)), COUNCIL)
    assert (contract.status, contract.terminated_on) == (ContractStatus.TERMINATED,
                                                         date(2028, 5, 31))
    with pytest.raises(e.ContractNotLive):
        contract.extend(1, "too late", on(date(2028, 5, 2)), COUNCIL)


def test_kpi_records_are_rated_within_the_contracts_period():
    contract = started(sefton_contract())
    record = KpiRecord.record(
        contract, metric="Planned visits delivered", unit="percent", target=D(98),
        actual=D("96.5"), period_start=date(2027, 4, 1), period_end=date(2027, 6, 30),
        rating=Rating.APPROACHING_TARGET, note="two missed visits in May", now=START,
        by=COUNCIL,
    )
    assert record.rating.label == "Approaching target"
    with pytest.raises(e.KpiOutsideContract):
        KpiRecord.record(contract, metric="m", unit="", target=D(1), actual=D(1),
                         period_start=date(2027, 1, 1), period_end=date(2027, 3, 31),
                         rating=Rating.GOOD, note="", now=START, by=COUNCIL)
    with pytest.raises(e.InvalidKpiPeriod):
        KpiRecord.record(contract, metric="m", unit="", target=D(1), actual=D(1),
                         period_start=date(2027, 6, 1), period_end=date(2027, 5, 1),
                         rating=Rating.GOOD, note="", now=START, by=COUNCIL)
