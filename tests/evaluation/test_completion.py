"""Completing an evaluation: refused while scores, moderation or clarifications are
outstanding; then one ``ResponseRanked`` per response and ``EvaluationCompleted`` with the
recommendation. The seeds' cases end to end in the domain; direct awards complete alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.evaluation.domain import SYSTEM, Evaluation, Marking
from services.evaluation.domain import errors as e
from shared.events.calloff import ComplianceSettings
from shared.events.evaluation import EvaluationCompleted, ResponseRanked
from tests.evaluation.factories import (
    COMMISSIONER,
    MODERATOR,
    T0,
    closed,
    evaluator,
    no_conflicts,
    open_evaluation,
    opened,
    score_all,
    sefton_terms,
    sleep_in,
    staffordshire_terms,
    support,
    taken,
)

E1, E2 = evaluator(1), evaluator(2)


def staffed(evaluation: Evaluation, *evaluators):  # type: ignore[no-untyped-def]
    for ev in evaluators or (E1,):
        evaluation.assign_evaluator(ev.id, None, COMMISSIONER, T0)
    evaluation.appoint_moderator(MODERATOR.id, COMMISSIONER, T0)
    no_conflicts(evaluation, *(evaluators or (E1,)), MODERATOR)
    return evaluation


def staffordshire():  # type: ignore[no-untyped-def]
    """Four supported-living bids: inside the reference rates, above the hourly maximum,
    above the sleep-in maximum, and abnormally low."""
    terms = staffordshire_terms()
    bids = {
        "inside": opened(terms, provider="Inside Care", prices=[support("14.20"),
                                                               sleep_in("82.00")]),
        "cheap inside": opened(terms, provider="Lean Care", prices=[support("13.60"),
                                                                   sleep_in("78.00")]),
        "hour too dear": opened(terms, provider="Dear Hours", prices=[support("14.90"),
                                                                     sleep_in("80.00")]),
        "night too dear": opened(terms, provider="Dear Nights", prices=[support("14.00"),
                                                                       sleep_in("95.00")]),
        "abnormally low": opened(terms, provider="Too Cheap", prices=[support("10.00"),
                                                                     sleep_in("80.00")]),
    }
    return terms, bids, open_evaluation(terms, list(bids.values()))


def test_staffordshire_quality_and_cost_with_prices_inside_and_outside_the_reference_rates():
    terms, bids, evaluation = staffordshire()
    by_name = {r.provider_name: r for r in evaluation.responses}
    assert [(n, r.compliant, [f.code for f in r.flags]) for n, r in by_name.items()] == [
        ("Inside Care", True, []), ("Lean Care", True, []),
        ("Dear Hours", False, []), ("Dear Nights", False, []),
        ("Too Cheap", True, ["abnormally_low"]),
    ]
    staffed(evaluation)
    score_all(evaluation, E1, {by_name["Inside Care"].id: 5, by_name["Lean Care"].id: 3,
                               by_name["Too Cheap"].id: 4})
    with pytest.raises(e.ClarificationOutstanding):
        evaluation.complete(COMMISSIONER, T0)
    evaluation.clarify(by_name["Too Cheap"].id, False, "Could not show it pays the wage floor",
                       COMMISSIONER, T0)
    evaluation.complete(COMMISSIONER, T0)
    events = taken(evaluation)
    ranked = [x for x in events if isinstance(x, ResponseRanked)]
    [completed] = [x for x in events if isinstance(x, EvaluationCompleted)]
    assert isinstance(events[-1], EvaluationCompleted) and len(ranked) == 5
    # Inside Care: weekly 40 x 14.20 + 7 x 82 = 1,142 -> whole life 1,142 x 52.14 x 4
    inside, lean = ranked[0], ranked[1]
    assert (inside.provider_id, inside.rank) == (bids["inside"].provider_id, 1)
    assert inside.whole_life_cost == Decimal("238175.52")
    assert lean.whole_life_cost == Decimal("227330.40")  # (544 + 546) x 52.14 x 4
    # quality 5/5 x 60 = 60; price 227,330.40 / 238,175.52 x 40 = 38.1786
    assert (inside.quality_score, inside.price_score, inside.total_score) == (
        Decimal("60.0000"), Decimal("38.1786"), Decimal("98.1786"))
    assert (lean.quality_score, lean.price_score, lean.total_score) == (
        Decimal("36.0000"), Decimal("40.0000"), Decimal("76.0000"))
    unranked = {x.provider_id: x for x in ranked[2:]}
    assert all(x.rank is None and not x.compliant for x in unranked.values())
    assert unranked[bids["hour too dear"].provider_id].compliance_reasons == [
        "price_above_reference: support per hour £14.90 above the reference maximum £14.75"]
    assert unranked[bids["abnormally low"].provider_id].compliance_reasons[0].startswith(
        "rejected_after_clarification")
    assert (completed.recommended_response_id, completed.recommended_provider_id) == (
        bids["inside"].response_id, bids["inside"].provider_id)
    assert completed.completed_by == COMMISSIONER.id and completed.method == "quality_cost"
    assert [r.rank for r in completed.ranking] == [1, 2, None, None, None]
    assert all(x.annual_cost and x.whole_life_cost for x in ranked)  # every one was priced


def test_sefton_95_5_quality_and_social_value_at_the_councils_hourly_rate():
    terms = sefton_terms()
    a, b, refuses = (opened(terms, provider="Alpha Support", prices=[]),
                     opened(terms, provider="Beta Support", prices=[]),
                     opened(terms, provider="Gamma Support", prices=[], accepts_fixed_rate=False))
    evaluation = staffed(open_evaluation(terms, [a, b, refuses]))
    assert evaluation.method == "quality_social_value"
    ids = {r.provider_name: r.id for r in evaluation.responses}
    score_all(evaluation, E1, {ids["Alpha Support"]: 4, ids["Beta Support"]: 5})
    score_all(evaluation, E1, {ids["Alpha Support"]: 5, ids["Beta Support"]: 1},
              code="social_value")
    evaluation.complete(COMMISSIONER, T0)
    ranked = [x for x in taken(evaluation) if isinstance(x, ResponseRanked)]
    # Beta: 5/5 x 95 + 1/5 x 5 = 96; Alpha: 4/5 x 95 + 5/5 x 5 = 81; price is not scored.
    assert [(x.provider_id, x.total_score, x.price_score) for x in ranked[:2]] == [
        (b.provider_id, Decimal("96.0000"), None), (a.provider_id, Decimal("81.0000"), None)]
    assert ranked[0].social_value_score == Decimal("1.0000")
    # The contracts service takes the award's value from the fixed rate: 30 h x £18.50.
    assert ranked[0].whole_life_cost == Decimal("144688.50")
    assert [p.amount for p in ranked[0].prices] == [Decimal("18.50")]
    assert ranked[2].compliance_reasons[0].startswith("fixed_rate_not_accepted")


def test_completing_with_scores_missing_is_refused():
    terms = staffordshire_terms()
    evaluation = staffed(open_evaluation(terms, [opened(terms), opened(terms)]))
    score_all(evaluation, E1, {evaluation.responses[0].id: 3})
    with pytest.raises(e.ScoresMissing) as refused:
        evaluation.complete(COMMISSIONER, T0)
    assert refused.value.details["count"] == 1
    assert evaluation.status == "open" and evaluation.pending_events == []


def test_completing_with_no_evaluator_on_a_criterion_is_refused():
    terms = staffordshire_terms()
    evaluation = open_evaluation(terms, [opened(terms)])
    with pytest.raises(e.ScoresMissing) as refused:
        evaluation.complete(COMMISSIONER, T0)
    assert refused.value.details["missing"][0]["evaluators"] == 0


def test_completing_while_evaluators_differ_and_nobody_moderated_is_refused():
    terms = staffordshire_terms()
    evaluation = staffed(open_evaluation(terms, [opened(terms)]), E1, E2)
    score_all(evaluation, E1, 2)
    score_all(evaluation, E2, 4)
    with pytest.raises(e.ModerationOutstanding):
        evaluation.complete(COMMISSIONER, T0)
    evaluation.moderate([Marking(evaluation.responses[0].id, "quality", 3, "Panel agreed 3")],
                        MODERATOR, T0)
    evaluation.complete(COMMISSIONER, T0)
    assert evaluation.responses[0].criterion_scores[0].score == 3


def test_where_evaluators_agree_their_score_stands_without_moderation():
    terms = staffordshire_terms()
    evaluation = staffed(open_evaluation(terms, [opened(terms)]), E1, E2)
    score_all(evaluation, E1, 4)
    score_all(evaluation, E2, 4)
    evaluation.complete(COMMISSIONER, T0)
    assert evaluation.responses[0].quality_score == Decimal("48.0000")


def test_a_flag_accepted_after_clarification_keeps_the_response_in_the_ranking():
    terms = staffordshire_terms(compliance=ComplianceSettings(price_above_reference="flag"))
    evaluation = staffed(open_evaluation(terms, [opened(terms, prices=[support("15.00"),
                                                                       sleep_in("80")])]))
    score_all(evaluation, E1, 3)
    with pytest.raises(e.NoteRequired):
        evaluation.clarify(evaluation.responses[0].id, True, "", COMMISSIONER, T0)
    evaluation.clarify(evaluation.responses[0].id, True, "Complex needs justify the rate",
                       COMMISSIONER, T0)
    with pytest.raises(e.AlreadyClarified):
        evaluation.clarify(evaluation.responses[0].id, False, "changed mind", COMMISSIONER, T0)
    evaluation.complete(COMMISSIONER, T0)
    [ranked, _] = taken(evaluation)
    assert isinstance(ranked, ResponseRanked)
    assert (ranked.rank, ranked.flags) == (1, ["above_reference"])


def test_an_unflagged_response_has_nothing_to_clarify():
    terms = staffordshire_terms()
    evaluation = open_evaluation(terms, [opened(terms)])
    with pytest.raises(e.ResponseNotFlagged):
        evaluation.clarify(evaluation.responses[0].id, True, "fine", COMMISSIONER, T0)


def test_a_completed_evaluation_does_not_change():
    terms = staffordshire_terms()
    evaluation = staffed(open_evaluation(terms, [opened(terms)]))
    score_all(evaluation, E1, 3)
    evaluation.complete(COMMISSIONER, T0)
    for attempt in (lambda: evaluation.complete(COMMISSIONER, T0),
                    lambda: score_all(evaluation, E1, 4),
                    lambda: evaluation.assign_evaluator("late", None, COMMISSIONER, T0)):
        with pytest.raises(e.EvaluationCompleted):
            attempt()


def test_no_compliant_response_completes_with_no_recommendation():
    terms = staffordshire_terms()
    evaluation = open_evaluation(terms, [opened(terms, prices=[support("20"), sleep_in("80")])])
    evaluation.complete(COMMISSIONER, T0)
    *_, completed = taken(evaluation)
    assert isinstance(completed, EvaluationCompleted)
    assert completed.recommended_response_id is None and completed.ranking[0].rank is None


def test_direct_award_of_a_compliant_response_completes_by_itself():
    terms = staffordshire_terms(kind="direct_award")
    only = opened(terms)
    evaluation = Evaluation.open(closed(terms, [only]), {only.response_id: only}, T0)
    ranked, completed = taken(evaluation)
    assert isinstance(ranked, ResponseRanked) and isinstance(completed, EvaluationCompleted)
    assert (completed.method, completed.completed_by) == ("direct_award_compliance",
                                                          SYSTEM.id)
    assert completed.recommended_response_id == only.response_id
    assert ranked.whole_life_cost == Decimal("233587.20") and ranked.criteria == []


def test_direct_award_of_a_non_compliant_response_completes_with_no_recommendation():
    terms = staffordshire_terms(kind="direct_award")
    only = opened(terms, prices=[support("16.00"), sleep_in("80.00")])
    evaluation = Evaluation.open(closed(terms, [only]), {only.response_id: only}, T0)
    *_, completed = taken(evaluation)
    assert completed.completed_by == SYSTEM.id and completed.recommended_response_id is None


def test_a_close_naming_a_response_whose_content_never_came_is_refused():
    terms = staffordshire_terms()
    r = opened(terms)
    with pytest.raises(e.ResponseNotOpened):
        Evaluation.open(closed(terms, [r]), {}, T0)


def test_the_evaluation_takes_the_call_offs_criteria_weights_pricing_volumes_and_responses():
    terms = staffordshire_terms()
    rs = [opened(terms), opened(terms)]
    evaluation = open_evaluation(terms, rs)
    assert evaluation.call_off_id == terms.call_off_id and evaluation.terms == terms
    assert [(c.code, c.weight) for c in evaluation.terms.criteria] == [
        ("quality", 60), ("cost", 40)]
    assert [r.id for r in evaluation.responses] == [r.response_id for r in rs]
    assert evaluation.method == "quality_cost"


def test_an_hourly_and_a_sleep_in_rate_are_compared_on_what_the_council_would_pay():
    """£13.60 an hour but £87 a night (£1,153 a week) costs more than £14.75 an hour and £78
    a night (£1,136 a week) for 40 hours and 7 nights: the latter takes the full price
    weight although its hourly rate is the higher."""
    terms = staffordshire_terms()
    low_hour = opened(terms, provider="Low Hourly", prices=[support("13.60"), sleep_in("87.00")])
    low_night = opened(terms, provider="Low Nightly",
                       prices=[support("14.75"), sleep_in("78.00")])
    evaluation = staffed(open_evaluation(terms, [low_hour, low_night]))
    score_all(evaluation, E1, 4)
    evaluation.complete(COMMISSIONER, T0)
    first, second = (x for x in taken(evaluation) if isinstance(x, ResponseRanked))
    assert (first.provider_id, first.price_score) == (low_night.provider_id, Decimal("40.0000"))
    assert (first.whole_life_cost, second.whole_life_cost) == (Decimal("236924.16"),
                                                               Decimal("240469.68"))
    assert second.price_score == Decimal("39.4102")  # 236,924.16 / 240,469.68 x 40
