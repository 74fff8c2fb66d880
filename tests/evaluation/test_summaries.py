"""R15: an assessment summary per assessed provider (its own scores, the winner's, the
reasons), sent once after completion; a provider reads only its own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.evaluation.domain import errors as e
from services.evaluation.domain.summaries import all_summaries, summary_for
from shared.events.evaluation import AssessmentSummariesSent
from tests.evaluation.factories import (
    COMMISSIONER,
    T0,
    evaluator,
    no_conflicts,
    open_evaluation,
    opened,
    provider_user,
    score_all,
    sleep_in,
    staffordshire_terms,
    support,
    taken,
)

E1 = evaluator(1)


def completed():  # type: ignore[no-untyped-def]
    terms = staffordshire_terms()
    win, second, bad = (opened(terms, provider="Winner Care"), opened(terms, provider="Runner Up"),
                        opened(terms, provider="Over Price",
                               prices=[support("16.00"), sleep_in("80.00")]))
    evaluation = open_evaluation(terms, [win, second, bad])
    evaluation.assign_evaluator(E1.id, None, COMMISSIONER, T0)
    no_conflicts(evaluation, E1)
    score_all(evaluation, E1, {win.response_id: 5, second.response_id: 2})
    evaluation.complete(COMMISSIONER, T0)
    taken(evaluation)
    return evaluation, win, second, bad


def test_r15_each_assessed_provider_gets_its_own_scores_the_winners_and_the_reasons():
    evaluation, win, second, bad = completed()
    summary = summary_for(evaluation, second.provider_id, COMMISSIONER)
    assert (summary.rank, summary.ranked_responses, summary.recommended) == (2, 2, False)
    quality = summary.criteria[0]
    assert (quality.score, quality.max_score, quality.winning_score) == (2, 5, 5)
    assert quality.reasons == ("Evidence given.",) and quality.winning_reasons
    cost = summary.criteria[1]
    assert cost.scored_by == "price" and cost.winning_score == Decimal("100.0000")
    assert "£233,587.20" in cost.reasons[0] and "£" not in cost.winning_reasons[0]
    assert summary.total_score == Decimal("64.0000")
    assert summary.winning_total_score == Decimal("100.0000")
    assert "ranked 2 of 2" in summary.outcome
    won = summary_for(evaluation, win.provider_id, COMMISSIONER)
    assert won.recommended and "first of 2" in won.outcome
    refused = summary_for(evaluation, bad.provider_id, COMMISSIONER)
    assert not refused.compliant and refused.compliance_reasons[0].startswith(
        "price_above_reference")
    assert [s.provider_name for s in all_summaries(evaluation)] == [
        "Winner Care", "Runner Up", "Over Price"]


def test_r15_summaries_are_sent_once_naming_every_assessed_provider():
    evaluation, win, second, bad = completed()
    evaluation.send_summaries(COMMISSIONER, T0)
    [sent] = taken(evaluation)
    assert isinstance(sent, AssessmentSummariesSent)
    assert set(sent.provider_ids) == {win.provider_id, second.provider_id, bad.provider_id}
    with pytest.raises(e.SummariesAlreadySent):
        evaluation.send_summaries(COMMISSIONER, T0)


def test_summaries_follow_completion():
    terms = staffordshire_terms()
    evaluation = open_evaluation(terms, [opened(terms)])
    with pytest.raises(e.EvaluationNotCompleted):
        evaluation.send_summaries(COMMISSIONER, T0)


def test_a_provider_reads_only_its_own_summary_and_only_once_sent():
    evaluation, win, second, _ = completed()
    mine = provider_user(second.provider_id)
    with pytest.raises(e.SummaryNotFound):  # not yet sent
        summary_for(evaluation, second.provider_id, mine)
    evaluation.send_summaries(COMMISSIONER, T0)
    assert summary_for(evaluation, second.provider_id, mine).provider_name == "Runner Up"
    with pytest.raises(e.SummaryNotFound) as hidden:
        summary_for(evaluation, win.provider_id, mine)
    assert hidden.value.details["provider_id"] == str(win.provider_id)
