"""Ranking, a pure function: weighted scores, the price score on whole-life cost (lowest ÷
bid × price weight), numeric criteria scored automatically, the documented tie-break; and
its properties (deterministic, independent of response order, dominance respected)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from services.evaluation.domain.ranking import Sheet, rank
from tests.evaluation.factories import T0, criterion

QUALITY_COST = [criterion("quality", "quality", "60"), criterion("cost", "cost", "40")]


def sheet(quality: int = 3, cost: str | None = "100000", *, compliant: bool = True,
          minutes: int = 0, response_id: UUID | None = None, **scores: int) -> Sheet:
    return Sheet(
        response_id=response_id or uuid4(), provider_id=uuid4(),
        submitted_at=T0 + timedelta(minutes=minutes), compliant=compliant,
        scores={"quality": quality, **scores}, numbers={},
        whole_life_cost=Decimal(cost) if cost is not None else None,
    )


def test_price_score_is_the_lowest_whole_life_cost_over_the_bid_times_the_price_weight():
    cheap, middle, dear = sheet(cost="100000"), sheet(cost="125000"), sheet(cost="200000")
    ranked = rank("quality_cost", QUALITY_COST, 5, [dear, middle, cheap])
    assert [r.response_id for r in ranked] == [cheap.response_id, middle.response_id,
                                               dear.response_id]
    assert [r.price_score for r in ranked] == [Decimal(40), Decimal(32), Decimal(20)]
    # quality 3 of 5 x 60 = 36 each
    assert [r.total_score for r in ranked] == [Decimal(76), Decimal(68), Decimal(56)]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_the_higher_total_ranks_first_even_with_the_lower_quality_score():
    cheaper = sheet(quality=3, cost="100000")  # 36 + 40 = 76
    better_but_dear = sheet(quality=4, cost="200000")  # 48 + 20 = 68
    ranked = rank("quality_cost", QUALITY_COST, 5, [better_but_dear, cheaper])
    assert [(r.response_id, r.total_score) for r in ranked] == [
        (cheaper.response_id, 76), (better_but_dear.response_id, 68)]


def test_each_criterion_contributes_its_score_over_the_maximum_times_its_weight():
    criteria = [criterion("quality", "quality", "50"), criterion("staffing", "quality", "20"),
                criterion("local_jobs", "social_value", "10"), criterion("cost", "cost", "20")]
    [only] = rank("quality_cost", criteria, 5, [sheet(quality=4, staffing=5, local_jobs=2)])
    assert [(c.code, c.score, c.max_score, c.weighted) for c in only.criteria] == [
        ("quality", 4, 5, 40), ("staffing", 5, 5, 20), ("local_jobs", 2, 5, 4),
        ("cost", 100, 100, 20),
    ]
    assert (only.quality_score, only.social_value_score, only.price_score, only.total_score) == (
        60, 4, 20, 84)


def test_numeric_criteria_are_scored_automatically_against_the_best_compliant_answer():
    criteria = [criterion("retention", "quality", "50", answer_type="numeric"),
                criterion("response_time", "quality", "50", answer_type="numeric",
                          better="lower")]

    def numeric(retention: str | None, hours: str, compliant: bool = True) -> Sheet:
        return Sheet(uuid4(), uuid4(), T0, compliant, {},
                     {"retention": Decimal(retention) if retention else None,
                      "response_time": Decimal(hours)}, None)

    a, b, c = numeric("90", "2"), numeric("60", "4"), numeric(None, "1", compliant=False)
    ranked = rank("quality_cost", criteria, 5, [a, b, c])
    by_id = {r.response_id: r for r in ranked}
    assert [x.score for x in by_id[a.response_id].criteria] == [100, 100]
    assert [x.score for x in by_id[b.response_id].criteria] == [
        Decimal(60) / Decimal(90) * 100, 50]  # 60/90; 2/4 (the non-compliant 1 h is no best)
    assert by_id[c.response_id].rank is None


def test_r7_fixed_rate_price_is_not_scored():
    """Sefton: quality 95, social value 5, at the council's rate; a cost criterion, if any,
    does not count."""
    criteria = [criterion("quality", "quality", "95"),
                criterion("social_value", "social_value", "5"), criterion("cost", "cost", "0")]
    a = sheet(quality=4, social_value=5, cost="1")
    b = sheet(quality=5, social_value=1, cost="999999")
    ranked = rank("quality_social_value", criteria, 5, [a, b])
    assert [r.response_id for r in ranked] == [b.response_id, a.response_id]
    assert [(r.quality_score, r.social_value_score, r.price_score, r.total_score)
            for r in ranked] == [(95, 1, None, 96), (76, 5, None, 81)]
    assert [c.code for c in ranked[0].criteria] == ["quality", "social_value"]


def test_direct_award_scores_nothing_and_ranks_compliant_responses_only():
    ok, bad = sheet(), sheet(compliant=False)
    ranked = rank("direct_award_compliance", QUALITY_COST, 5, [bad, ok])
    assert [(r.response_id, r.rank, r.criteria, r.total_score) for r in ranked] == [
        (ok.response_id, 1, (), 0), (bad.response_id, None, (), 0)]


def test_non_compliant_responses_are_unranked_and_their_cost_sets_no_lowest():
    cheap_but_bad = sheet(cost="50000", compliant=False)
    fair = sheet(cost="100000")
    ranked = rank("quality_cost", QUALITY_COST, 5, [cheap_but_bad, fair])
    assert [(r.response_id, r.rank) for r in ranked] == [(fair.response_id, 1),
                                                         (cheap_but_bad.response_id, None)]
    assert ranked[0].price_score == 40


def test_tie_break_is_higher_quality_then_earlier_submission_then_lower_response_id():
    # Equal totals (quality 3 + full price = 76 each ... ) broken by quality first:
    richer = sheet(quality=4, cost="125000")  # 48 + 32 = 80
    cheaper = sheet(quality=3, cost="100000")  # 36 + 40 = 76 -> not a tie; make one:
    tie_a = sheet(quality=5, cost="200000")  # 60 + 20 = 80
    assert rank("quality_cost", QUALITY_COST, 5, [richer, cheaper, tie_a])[0].response_id \
        == tie_a.response_id  # 80 vs 80: quality 60 beats 48
    first, second = sheet(minutes=1), sheet(minutes=2)
    assert [r.response_id for r in rank("quality_cost", QUALITY_COST, 5, [second, first])] == [
        first.response_id, second.response_id]
    low = UUID(int=1)
    high = UUID(int=2)
    same = [sheet(response_id=high), sheet(response_id=low)]
    assert [r.response_id for r in rank("quality_cost", QUALITY_COST, 5, same)] == [low, high]


# --- properties ----------------------------------------------------------------------------

KINDS = st.sampled_from([("quality", "narrative", "higher"), ("social_value", "narrative",
                                                                "higher"),
                         ("quality", "numeric", "higher"), ("quality", "numeric", "lower")])
AMOUNT = st.decimals(min_value=0, max_value=1000, places=2)
COST = st.decimals(min_value=1, max_value=500_000, places=2)


@st.composite
def contests(draw):  # type: ignore[no-untyped-def]
    """Criteria (always one cost criterion), a scale, and sheets scored on them."""
    scale_max = draw(st.integers(1, 10))
    kinds = draw(st.lists(KINDS, min_size=0, max_size=6))
    criteria = [criterion(f"c{i}", kind, str(draw(st.integers(1, 40))), answer_type=answer,
                          better=better) for i, (kind, answer, better) in enumerate(kinds)]
    criteria.append(criterion("cost", "cost", str(draw(st.integers(1, 60)))))

    ids = draw(st.lists(st.integers(1, 2**64), min_size=1, max_size=12, unique=True))

    def one_sheet(i: int) -> Sheet:
        return Sheet(
            response_id=UUID(int=ids[i]), provider_id=uuid4(),
            submitted_at=T0 + timedelta(minutes=draw(st.integers(0, 20))),
            compliant=draw(st.booleans()) if i else True,
            scores={c.code: draw(st.integers(0, scale_max)) for c in criteria
                    if c.answer_type == "narrative" and c.kind != "cost"},
            numbers={c.code: draw(AMOUNT | st.none()) for c in criteria
                     if c.answer_type == "numeric"},
            whole_life_cost=draw(COST),
        )

    sheets = [one_sheet(i) for i in range(len(ids))]
    return criteria, scale_max, sheets


@settings(max_examples=150, deadline=None)
@given(contest=contests(), data=st.data())
def test_ranking_is_deterministic_and_independent_of_response_order(contest, data):
    criteria, scale_max, sheets = contest
    shuffled = data.draw(st.permutations(sheets))
    once = rank("quality_cost", criteria, scale_max, sheets)
    assert once == rank("quality_cost", criteria, scale_max, shuffled)
    assert once == rank("quality_cost", criteria, scale_max, list(reversed(sheets)))
    ranks = [r.rank for r in once if r.compliant]
    assert ranks == list(range(1, len(ranks) + 1))


@settings(max_examples=150, deadline=None)
@given(contest=contests(), data=st.data())
def test_a_response_better_on_every_criterion_and_cheaper_never_ranks_below_a_worse_one(
    contest, data
):
    criteria, scale_max, others = contest
    better_scores, worse_scores, better_numbers, worse_numbers = {}, {}, {}, {}
    for c in criteria:
        if c.kind == "cost":
            continue
        if c.answer_type == "narrative":
            worse = data.draw(st.integers(0, scale_max - 1))
            worse_scores[c.code] = worse
            better_scores[c.code] = data.draw(st.integers(worse + 1, scale_max))
        else:
            low = data.draw(st.decimals(min_value=0, max_value=999, places=2))
            high = data.draw(st.decimals(min_value=low + Decimal("0.01"), max_value=1000,
                                         places=2))
            better_numbers[c.code], worse_numbers[c.code] = (
                (high, low) if c.better == "higher" else (low, high))
    cheap = data.draw(st.decimals(min_value=1, max_value=499_999, places=2))
    dear = data.draw(st.decimals(min_value=cheap + Decimal("0.01"), max_value=500_000,
                                 places=2))
    # The worse one may have submitted first and have the lower id: neither may save it.
    worse = Sheet(UUID(int=0), uuid4(), T0 - timedelta(days=1), True, worse_scores,
                  worse_numbers, dear)
    better = Sheet(UUID(int=2**128 - 1), uuid4(), T0 + timedelta(days=1), True, better_scores,
                   better_numbers, cheap)
    sheets = data.draw(st.permutations([*others, worse, better]))
    order = [r.response_id for r in rank("quality_cost", criteria, scale_max, sheets)]
    assert order.index(better.response_id) < order.index(worse.response_id)
