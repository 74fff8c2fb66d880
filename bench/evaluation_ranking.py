"""How long ranking takes: 1,000 responses x 20 criteria (goal: under 50 ms).

Times ``services.evaluation.domain.ranking.rank`` alone, the pure function that scores and
orders the final scores of every response (17 narrative criteria on a 0-5 scale, 2 numeric
criteria scored automatically, 1 price criterion on whole-life cost; 1 response in 20
non-compliant). Then, for scale, the aggregate's whole ``complete`` on the largest call-off
the event contract carries (500 responses x 20 criteria, one evaluator): items settled,
ranking, published rounding and the 501 events.

    python -m bench.evaluation_ranking [--responses 1000] [--criteria 20] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from services.evaluation.domain import Declaration, Evaluation, Marking
from services.evaluation.domain.ranking import Sheet, rank
from shared.actors import Actor, Role
from shared.events.calloff import (
    Advertised,
    Answer,
    CallOffClosed,
    CallOffTerms,
    CriterionWeight,
    FundingShare,
    PriceLine,
    ResponseOpened,
    ValidResponse,
    VolumeLine,
)

T0 = datetime(2027, 3, 1, 12, tzinfo=UTC)


def criteria_of(count: int) -> list[CriterionWeight]:
    """``count`` criteria: one price, two numeric, the rest narrative; weights sum to 100."""
    numeric = min(2, max(count - 2, 0))
    narrative = count - 1 - numeric
    weights = [Decimal(40)] + [Decimal(60) / (count - 1)] * (count - 1)
    found = [CriterionWeight(code="cost", name="Cost", kind="cost", weight=weights[0])]
    for i in range(numeric):
        found.append(CriterionWeight(code=f"n{i}", name=f"Numeric {i}", kind="quality",
                                     weight=weights[1], answer_type="numeric",
                                     better="higher" if i % 2 == 0 else "lower"))
    for i in range(narrative):
        found.append(CriterionWeight(code=f"q{i}", name=f"Narrative {i}",
                                     kind="social_value" if i == 0 else "quality",
                                     weight=weights[1]))
    return found


def sheets_of(criteria: list[CriterionWeight], count: int, seed: int = 7) -> list[Sheet]:
    rng = random.Random(seed)
    narrative = [c.code for c in criteria if c.answer_type == "narrative" and c.kind != "cost"]
    numeric = [c.code for c in criteria if c.answer_type == "numeric"]
    return [
        Sheet(
            response_id=UUID(int=rng.getrandbits(128)), provider_id=UUID(int=i),
            submitted_at=T0 + timedelta(seconds=rng.randrange(86_400)),
            compliant=rng.random() > 0.05,
            scores={code: rng.randrange(6) for code in narrative},
            numbers={code: Decimal(rng.randrange(1, 10_000)) / 100 for code in numeric},
            whole_life_cost=Decimal(rng.randrange(15_000_000, 30_000_000)) / 100,
        )
        for i in range(count)
    ]


def time_rank(responses: int, criteria: int, repeat: int) -> list[float]:
    counted = criteria_of(criteria)
    sheets = sheets_of(counted, responses)
    rank("quality_cost", counted, 5, sheets)  # warm up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        rank("quality_cost", counted, 5, sheets)
        timings.append(time.perf_counter() - started)
    return timings


def scored_evaluation(responses: int, criteria: int) -> Evaluation:
    counted = criteria_of(criteria)
    call_off = uuid4()
    terms = CallOffTerms(
        call_off_id=call_off, reference="BENCH-1", requirement_id=uuid4(),
        requirement_raised_at=T0, dps_id=uuid4(), lot_id=uuid4(), regime="pcr2015_light_touch",
        rules_effective_from=date(2015, 4, 18), buyer_organisation="Bench Council",
        funding_shares=[FundingShare(buyer="Bench Council", share_percent=Decimal(100))],
        kind="mini_competition", pricing_mode="price_competed",
        funding_route="council_arranged", criteria=counted,
        volumes=[VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(40))],
        start_on=date(2027, 4, 5), initial_term_months=24, extension_months=[12, 12],
        annual_value=Decimal(60_000), whole_life_value=Decimal(240_000),
        threshold=Decimal(663_540), above_threshold=False, published_at=T0,
        response_deadline=T0,
        advertised=Advertised(requirement_reference="B-1", age_band="25-34",
                              postcode_district="ST16", need_band="high", needs_summary="-"),
    )
    rng = random.Random(11)
    contents = [
        ResponseOpened(
            occurred_at=T0, call_off_id=call_off, response_id=uuid4(), provider_id=uuid4(),
            provider_name=f"Provider {i}", submitted_at=T0 - timedelta(seconds=i),
            answers=[Answer(criterion_code=c.code, text="Our answer.",
                            number=Decimal(rng.randrange(1, 100)) if c.answer_type == "numeric"
                            else None) for c in counted if c.kind != "cost"],
            prices=[PriceLine(element="support", unit="hour",
                              amount=Decimal(rng.randrange(1300, 1500)) / 100)],
            proposed_start_on=date(2027, 4, 5), capacity_confirmed=True,
        )
        for i in range(responses)
    ]
    closed = CallOffClosed(
        occurred_at=T0, terms=terms, closed_at=T0,
        valid_responses=[ValidResponse(response_id=r.response_id, provider_id=r.provider_id,
                                       submitted_at=r.submitted_at) for r in contents],
    )
    evaluation = Evaluation.open(closed, {r.response_id: r for r in contents}, T0)
    commissioner = Actor(id="officer", role=Role.COMMISSIONER)
    evaluator = Actor(id="evaluator", role=Role.EVALUATOR)
    evaluation.assign_evaluator(evaluator.id, None, commissioner, T0)
    evaluation.declare_conflicts([Declaration(p, False) for p in evaluation.provider_ids],
                                 evaluator, T0)
    evaluation.score([Marking(r.id, c.code, rng.randrange(6), "Because.")
                      for r in evaluation.responses for c in evaluation.evaluator_criteria],
                     evaluator, T0)
    evaluation.pull_events()
    return evaluation


def time_complete(responses: int, criteria: int) -> float:
    evaluation = scored_evaluation(responses, criteria)
    started = time.perf_counter()
    evaluation.complete(Actor(id="officer", role=Role.COMMISSIONER), T0)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    timings = time_rank(args.responses, args.criteria, args.repeat)
    ms = [t * 1000 for t in timings]
    print(f"rank(): {args.responses} responses x {args.criteria} criteria, {args.repeat} runs:"
          f" min {min(ms):.1f} ms, median {statistics.median(ms):.1f} ms,"
          f" max {max(ms):.1f} ms (goal: under 50 ms)")
    whole = time_complete(500, args.criteria) * 1000
    print(f"Evaluation.complete(): 500 responses x {args.criteria} criteria (the most one"
          f" call-off carries), items to events: {whole:.1f} ms")


if __name__ == "__main__":
    main()
