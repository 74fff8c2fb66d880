"""The panel's rules: evaluators assigned by the commissioner, conflicts declared before any
response is read, scores on the declared scale with a rationale, nobody seeing another's
score before moderation, a moderator settling differences; each refusal changes nothing."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.evaluation.domain import Declaration, Marking
from services.evaluation.domain import errors as e
from services.evaluation.domain.scale import ScalePoint
from services.evaluation.domain.views import items_for, responses_for
from tests.evaluation.factories import (
    AUDITOR,
    COMMISSIONER,
    MODERATOR,
    T0,
    criterion,
    evaluator,
    no_conflicts,
    open_evaluation,
    opened,
    score_all,
    sleep_in,
    staffordshire_terms,
    support,
)

E1, E2, E3 = evaluator(1), evaluator(2), evaluator(3)


def panel(n_responses: int = 2, **terms):  # type: ignore[no-untyped-def]
    t = staffordshire_terms(**terms)
    evaluation = open_evaluation(t, [opened(t) for _ in range(n_responses)])
    evaluation.assign_evaluator(E1.id, None, COMMISSIONER, T0)
    evaluation.assign_evaluator(E2.id, None, COMMISSIONER, T0)
    evaluation.appoint_moderator(MODERATOR.id, COMMISSIONER, T0)
    return evaluation


def mark(evaluation, i=0, score=3, code="quality", rationale="Clear plan."):  # type: ignore[no-untyped-def]
    return [Marking(evaluation.responses[i].id, code, score, rationale)]


def test_only_an_assigned_evaluator_scores():
    evaluation = panel()
    with pytest.raises(e.EvaluatorNotAssigned):
        evaluation.score(mark(evaluation), E3, T0)
    with pytest.raises(e.EvaluatorNotAssigned):
        evaluation.declare_conflicts([], E3, T0)
    assert evaluation.scores == []


def test_scoring_before_declaring_conflicts_for_every_responding_provider_is_refused():
    evaluation = panel()
    first = evaluation.responses[0].provider_id
    evaluation.declare_conflicts([Declaration(first, False)], E1, T0)
    with pytest.raises(e.ConflictsNotDeclared):
        evaluation.score(mark(evaluation), E1, T0)
    with pytest.raises(e.ConflictsNotDeclared):
        responses_for(evaluation, E1)
    no_conflicts(evaluation, E1)
    evaluation.score(mark(evaluation), E1, T0)
    assert [(s.evaluator_id, s.score) for s in evaluation.scores] == [(E1.id, 3)]


def test_a_conflicted_evaluator_is_excluded_from_that_providers_response():
    evaluation = panel()
    mine, other = evaluation.responses
    evaluation.declare_conflicts([Declaration(mine.provider_id, True, "My sister manages it"),
                                  Declaration(other.provider_id, False)], E1, T0)
    assert [v.response.id for v in responses_for(evaluation, E1)] == [other.id]
    with pytest.raises(e.EvaluatorConflicted):
        evaluation.score(mark(evaluation, 0), E1, T0)
    item = next(i for i in evaluation.items() if i.response_id == mine.id)
    assert item.expected == (E2.id,)  # E2 alone scores it; E1 is not awaited


def test_a_conflict_needs_a_note_and_stands_once_declared():
    evaluation = panel()
    provider = evaluation.responses[0].provider_id
    with pytest.raises(e.NoteRequired):
        evaluation.declare_conflicts([Declaration(provider, True, " ")], E1, T0)
    evaluation.declare_conflicts([Declaration(provider, True, "Former employer")], E1, T0)
    with pytest.raises(e.ConflictAlreadyDeclared):
        evaluation.declare_conflicts([Declaration(provider, False)], E1, T0)


def test_a_conflict_declared_later_withdraws_the_evaluators_scores_on_that_response():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    score_all(evaluation, E1, 4)
    late = evaluation.responses[0]
    evaluation.declare_conflicts([Declaration(late.provider_id, True, "Realised a link")],
                                 E1, T0)
    assert [s.response_id for s in evaluation.scores] == [evaluation.responses[1].id]
    assert [d.action for d in evaluation.decisions][-2:] == ["conflict_declared",
                                                            "scores_withdrawn"]


def test_declaring_for_a_provider_that_did_not_respond_is_refused():
    evaluation = panel()
    with pytest.raises(e.ProviderNotResponding):
        evaluation.declare_conflicts([Declaration(uuid4(), False)], E1, T0)


def test_a_score_outside_the_declared_scale_is_refused():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    for bad in (-1, 6):
        with pytest.raises(e.ScoreOutOfRange):
            evaluation.score(mark(evaluation, score=bad), E1, T0)
    evaluation.score(mark(evaluation, score=5), E1, T0)
    assert evaluation.scores[0].score == 5


def test_the_scale_is_declared_with_descriptors_and_fixed_once_anyone_has_scored():
    evaluation = panel()
    assert [p.score for p in evaluation.scale] == [0, 1, 2, 3, 4, 5]
    assert all(p.descriptor for p in evaluation.scale)
    ten = [ScalePoint(i, f"{i} of 10") for i in range(11)]
    with pytest.raises(e.InvalidScale):
        evaluation.set_scale([ScalePoint(0, "none"), ScalePoint(2, "gap")], COMMISSIONER, T0)
    with pytest.raises(e.InvalidScale):
        evaluation.set_scale([ScalePoint(0, "none"), ScalePoint(1, " ")], COMMISSIONER, T0)
    evaluation.set_scale(ten, COMMISSIONER, T0)
    no_conflicts(evaluation, E1)
    evaluation.score(mark(evaluation, score=9), E1, T0)
    with pytest.raises(e.ScaleFixed):
        evaluation.set_scale(ten[:6], COMMISSIONER, T0)


def test_a_score_needs_a_rationale():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    with pytest.raises(e.RationaleRequired):
        evaluation.score(mark(evaluation, rationale="  "), E1, T0)


def test_an_evaluator_scores_only_the_criteria_it_is_assigned():
    t = staffordshire_terms(criteria=[criterion("quality", "quality", "40"),
                                      criterion("staffing", "quality", "20"),
                                      criterion("cost", "cost", "40")])
    evaluation = open_evaluation(t, [opened(t)])
    evaluation.assign_evaluator(E1.id, ["staffing"], COMMISSIONER, T0)
    no_conflicts(evaluation, E1)
    with pytest.raises(e.CriterionNotAssigned):
        evaluation.score(mark(evaluation, code="quality"), E1, T0)
    evaluation.score(mark(evaluation, code="staffing"), E1, T0)


def test_numeric_and_cost_criteria_are_not_scored_by_evaluators():
    t = staffordshire_terms(criteria=[
        criterion("quality", "quality", "40"),
        criterion("retention", "quality", "20", answer_type="numeric"),
        criterion("cost", "cost", "40")])
    evaluation = open_evaluation(t, [opened(t)])
    with pytest.raises(e.CriterionNotScoredByEvaluators):
        evaluation.assign_evaluator(E1.id, ["retention"], COMMISSIONER, T0)
    evaluation.assign_evaluator(E1.id, None, COMMISSIONER, T0)
    assert evaluation.evaluators[0].criteria == ["quality"]
    no_conflicts(evaluation, E1)
    with pytest.raises(e.CriterionNotScoredByEvaluators):
        evaluation.score(mark(evaluation, code="cost"), E1, T0)


def test_r7_only_the_call_offs_own_criteria_are_scored():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    with pytest.raises(e.CriterionNotInCallOff):
        evaluation.score(mark(evaluation, code="innovation"), E1, T0)
    with pytest.raises(e.CriterionNotInCallOff):
        evaluation.assign_evaluator(E3.id, ["innovation"], COMMISSIONER, T0)


def test_a_non_compliant_response_is_not_scored():
    t = staffordshire_terms()
    evaluation = open_evaluation(t, [opened(t, prices=[support("15.00"), sleep_in("80")])])
    evaluation.assign_evaluator(E1.id, None, COMMISSIONER, T0)
    no_conflicts(evaluation, E1)
    with pytest.raises(e.ResponseNotCompliant):
        evaluation.score(mark(evaluation), E1, T0)


def test_nobody_sees_another_evaluators_score_before_moderation():
    evaluation = panel()
    no_conflicts(evaluation, E1, E2, MODERATOR)
    evaluation.score(mark(evaluation, score=2), E1, T0)
    # E2 has not scored: E1's score is visible to E1 only.
    assert [s.evaluator_id for v in items_for(evaluation, E1) for s in v.scores] == [E1.id]
    assert items_for(evaluation, E2) == []
    assert items_for(evaluation, MODERATOR) == []
    assert items_for(evaluation, COMMISSIONER) == []
    with pytest.raises(e.EvaluationNotCompleted):
        items_for(evaluation, AUDITOR)
    evaluation.score(mark(evaluation, score=4), E2, T0)
    # Both scored: the moderator sees both; the commissioner not until it is settled.
    assert sorted(s.score for v in items_for(evaluation, MODERATOR) for s in v.scores) == [2, 4]
    assert items_for(evaluation, COMMISSIONER) == []
    assert [s.score for v in items_for(evaluation, E2) for s in v.scores] == [4]
    evaluation.moderate(mark(evaluation, score=3, rationale="Agreed at panel."), MODERATOR, T0)
    [settled] = items_for(evaluation, COMMISSIONER)
    assert settled.consensus is not None and settled.consensus.score == 3


def test_evaluators_see_compliant_responses_without_prices_the_commissioner_sees_all():
    t = staffordshire_terms()
    evaluation = open_evaluation(t, [opened(t), opened(t, prices=[support("20"), sleep_in("80")])])
    evaluation.assign_evaluator(E1.id, None, COMMISSIONER, T0)
    no_conflicts(evaluation, E1)
    assert [(v.response.compliant, v.priced) for v in responses_for(evaluation, E1)] == [
        (True, False)]
    assert [(v.response.compliant, v.priced) for v in responses_for(evaluation, COMMISSIONER)] \
        == [(True, True), (False, True)]


def test_moderating_before_every_evaluator_has_scored_is_refused():
    evaluation = panel()
    no_conflicts(evaluation, E1, E2, MODERATOR)
    evaluation.score(mark(evaluation, score=2), E1, T0)
    with pytest.raises(e.ScoresOutstanding):
        evaluation.moderate(mark(evaluation), MODERATOR, T0)
    assert evaluation.consensus == []


def test_only_the_appointed_moderator_records_a_consensus_with_a_rationale():
    evaluation = panel()
    no_conflicts(evaluation, E1, E2, MODERATOR)
    evaluation.score(mark(evaluation, score=2), E1, T0)
    evaluation.score(mark(evaluation, score=4), E2, T0)
    with pytest.raises(e.NotTheModerator):
        evaluation.moderate(mark(evaluation), E1, T0)
    with pytest.raises(e.RationaleRequired):
        evaluation.moderate(mark(evaluation, rationale=""), MODERATOR, T0)
    evaluation.moderate(mark(evaluation, score=3), MODERATOR, T0)
    with pytest.raises(e.AlreadyModerated):
        evaluation.score(mark(evaluation, score=5), E1, T0)


def test_the_moderator_does_not_score():
    evaluation = panel()
    with pytest.raises(e.ModeratorIsEvaluator):
        evaluation.assign_evaluator(MODERATOR.id, None, COMMISSIONER, T0)
    with pytest.raises(e.ModeratorIsEvaluator):
        evaluation.appoint_moderator(E1.id, COMMISSIONER, T0)


def test_an_evaluator_who_has_scored_stays_on_the_panel():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    evaluation.score(mark(evaluation), E1, T0)
    with pytest.raises(e.EvaluatorHasScored):
        evaluation.remove_evaluator(E1.id, COMMISSIONER, T0)
    evaluation.remove_evaluator(E2.id, COMMISSIONER, T0)
    assert [a.evaluator_id for a in evaluation.evaluators] == [E1.id]


def test_every_panel_decision_is_recorded_with_who_when_and_why():
    evaluation = panel()
    no_conflicts(evaluation, E1)
    evaluation.score(mark(evaluation, score=4, rationale="Strong plan."), E1, T0)
    evaluation.score(mark(evaluation, score=3, rationale="On reflection."), E1, T0)
    trail = [(d.action, d.actor_id, d.score, d.why) for d in evaluation.decisions
             if d.action in ("scored", "rescored")]
    assert trail == [("scored", E1.id, 4, "Strong plan."), ("rescored", E1.id, 3,
                                                            "On reflection.")]
    assert [d.action for d in evaluation.decisions][:4] == [
        "opened", "evaluator_assigned", "evaluator_assigned", "moderator_appointed"]
