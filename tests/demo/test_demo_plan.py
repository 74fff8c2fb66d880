"""The demo's plan, without a run: the seeds' DPSs moved to a date they can still open on,
the year's call-offs by quarter, existing placements inside the reference rates with a
member as incumbent, how invited providers answer, and the scale."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shared.demo import examples
from shared.demo.client import CareDps
from shared.demo.lifecycle import Package
from shared.demo.market import dps_body, provider
from shared.demo.packages import answers
from shared.demo.placements import rows
from shared.demo.run import parse_scale
from shared.demo.scene import financial_year_after, quarter_starts
from shared.demo.seeds import KENT, SEEDS, STAFFORDSHIRE
from shared.demo.year import quarterly_plan
from shared.identity import provider_id_for
from shared.workdays import is_working_day


@pytest.fixture
def system() -> CareDps:
    return CareDps(urls={}, secret="s" * 48)


def test_a_seed_dps_opens_as_the_example_says_while_its_dates_are_ahead():
    body = dps_body(KENT, datetime(2026, 12, 5, tzinfo=UTC))
    assert body == examples.load(KENT.example)


def test_a_seed_dps_moves_on_by_whole_years_once_its_start_or_window_has_passed():
    body = dps_body(KENT, datetime(2027, 3, 10, tzinfo=UTC))  # the window ends within a month
    assert body["starts_on"] == "2028-04-01"
    assert body["initial_window_ends_at"] == "2028-03-31T23:59:59+01:00"
    cards = [c for lot in body["lots"] for c in lot["rate_cards"]]
    assert {c["effective_from"] for c in cards} == {"2028-04-01"}
    staffordshire = dps_body(STAFFORDSHIRE, datetime(2027, 1, 2, tzinfo=UTC))
    assert staffordshire["starts_on"] == "2028-01-01"


def test_the_year_starts_in_april_and_each_quarter_on_a_working_morning():
    assert financial_year_after(date(2026, 12, 5)) == 2027
    assert financial_year_after(date(2027, 4, 1)) == 2028
    starts = [quarter_starts(2027, q) for q in range(4)]
    assert [s.date().month for s in starts] == [4, 7, 10, 1]
    assert all(is_working_day(s.date()) and s.hour == 10 for s in starts)


def test_sefton_calls_off_its_current_placements_in_the_first_quarter_of_its_first_year():
    sefton = SEEDS[2]
    first = quarterly_plan(sefton, parse_scale("full"), first_year=True)
    assert first[0] == (3, 30) and [d for _, d in first[1:]] == [0, 0, 0]
    assert sum(c for c, _ in first) == 12
    later = quarterly_plan(sefton, parse_scale("full"), first_year=False)
    assert sum(d for _, d in later) == 6
    staffordshire = quarterly_plan(STAFFORDSHIRE, parse_scale("full"), first_year=True)
    assert sum(c for c, _ in staffordshire) == 30  # about 30 new placements a year


def test_existing_placements_are_paid_inside_the_reference_rates_to_members_of_the_lot(system):
    dps = {"lots": [{"code": "SL", "id": "lot-1"}],
           "rate_cards": [{"lot_id": "lot-1", "effective_from": "2027-01-01",
                           "effective_to": None,
                           "rates": [{"element": "support", "unit": "hour",
                                      "min_amount": "13.60", "max_amount": "14.75"},
                                     {"element": "sleep_in", "unit": "night",
                                      "min_amount": "78.00", "max_amount": "87.00"}]}]}
    members = [provider(system, STAFFORDSHIRE, i) for i in range(5)]
    made = rows(STAFFORDSHIRE, dps, {"SL": members}, 50, date(2027, 4, 1))
    assert len(made) == 50 and len({r["reference"] for r in made}) == 50
    assert sum(r["transition"] == "reprocure" for r in made) == 8
    organisations = {p.caller.organisation: p for p in members}
    for row in made:
        if row["transition"] == "contract":
            incumbent = organisations[row["provider_organisation"]]
            assert row["postcode_district"] in incumbent.areas
        for line in row["lines"]:
            low, high = {"support": ("13.60", "14.75"), "sleep_in": ("78.00", "87.00")}[
                line["element"]]
            assert Decimal(low) <= Decimal(line["rate"]) <= Decimal(high)


def test_the_member_named_in_a_direct_call_off_answers_and_strangers_stay_silent(system):
    providers = {p.id: p for p in (provider(system, KENT, i) for i in range(3))}
    chosen = next(iter(providers.values()))
    package = Package(dps_id="d", lot_id="l", details={"postcode_district": chosen.areas[0]},
                      person={}, criteria=[], bids=[], kind="direct_award")
    stranger = str(provider_id_for("someone-else"))
    bids = answers(package, [chosen.id, stranger], providers, random.Random(1))
    assert [b.provider.organisation for b in bids] == [chosen.caller.organisation]
    assert not bids[0].declines_invitation and not bids[0].declines_offer


def test_the_scale_is_small_full_or_a_factor():
    assert parse_scale("small").factor == 0.1 and parse_scale("full").factor == 1.0
    assert parse_scale("0.5").count(30) == 15 and parse_scale("small").count(30, least=4) == 4
    for wrong in ("huge", "0", "6", "-1"):
        with pytest.raises(ValueError, match="give small, full, or a factor"):
            parse_scale(wrong)
