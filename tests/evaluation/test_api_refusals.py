"""Bad input and state through the API: problem+json naming the rule, and nothing changed
(every table as it was, no event): a score out of range, scoring without declaring conflicts,
moderating before every evaluator has scored, completing with scores missing, an unassigned
evaluator, and more."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.evaluation.api_support import COMMISSIONER, MODERATOR, Service, evaluator, problem
from tests.evaluation.factories import opened, staffordshire_terms

pytestmark = pytest.mark.nats

Step = Callable[[Service, str, list[str]], Awaitable[Any]]


def scores(response_id: str, score: Any = 3, rationale: str = "Because.",
           code: str = "quality") -> list[dict[str, Any]]:
    return [{"response_id": response_id, "criterion_code": code, "score": score,
             "rationale": rationale}]


def scoring(who: dict[str, str], *, score: Any = 3, rationale: str = "Because.",
            code: str = "quality", second: Any = None) -> Step:
    async def step(s: Service, e: str, r: list[str]) -> Any:
        body = scores(r[0], score, rationale, code)
        if second is not None:
            body += scores(r[1], second)
        return await s.post(f"/evaluations/{e}/scores", who, {"scores": body})
    return step


def moderating(who: dict[str, str]) -> Step:
    async def step(s: Service, e: str, r: list[str]) -> Any:
        return await s.post(f"/evaluations/{e}/moderation", who, {"consensus": scores(r[0])})
    return step


async def completing(s: Service, e: str, r: list[str]) -> Any:
    return await s.post(f"/evaluations/{e}/complete", COMMISSIONER)


async def assigning_a_third(s: Service, e: str, r: list[str]) -> Any:
    return await s.post(f"/evaluations/{e}/evaluators", COMMISSIONER,
                        {"evaluator_id": "evaluator-3"})


async def nothing(s: Service, e: str, r: list[str]) -> None:
    return None


@dataclass
class Case:
    before: Step
    request: Step
    status: int
    code: str


CASES = {
    "a score out of the scale's range": Case(nothing, scoring(evaluator(1), score=6), 422,
                                             "score_out_of_range"),
    "scoring without declaring conflicts": Case(assigning_a_third, scoring(evaluator(3)), 409,
                                                "conflicts_not_declared"),
    "an unassigned evaluator": Case(nothing, scoring(evaluator(9)), 403,
                                    "evaluator_not_assigned"),
    "moderating before every evaluator has scored": Case(
        scoring(evaluator(1), score=2), moderating(MODERATOR), 409, "scores_outstanding"),
    "completing with scores missing": Case(scoring(evaluator(1), score=2), completing, 409,
                                           "scores_missing"),
    "a score without a rationale": Case(nothing, scoring(evaluator(1), rationale=" "), 422,
                                        "rationale_required"),
    "a criterion the call-off does not have": Case(
        nothing, scoring(evaluator(1), code="innovation"), 422, "criterion_not_in_call_off"),
    "price scored by hand": Case(nothing, scoring(evaluator(1), code="cost"), 422,
                                 "criterion_not_scored_by_evaluators"),
    "one bad score among good ones": Case(nothing, scoring(evaluator(1), second=9), 422,
                                          "score_out_of_range"),
    "moderating without being the moderator": Case(nothing, moderating(evaluator(2)), 403,
                                                   "not_the_moderator"),
    "a score beyond what the store holds": Case(nothing, scoring(evaluator(1), score=40_000),
                                                422, "invalid_input"),
    "a rationale beyond what the store keeps": Case(
        nothing, scoring(evaluator(1), rationale="x" * 2001), 422, "invalid_input"),
    "a NUL in a rationale": Case(nothing, scoring(evaluator(1), rationale="a\x00b"), 422,
                                 "invalid_input"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_refused_request_is_problem_json_and_changes_nothing(service: Service, case):
    terms = staffordshire_terms()
    responses = [opened(terms), opened(terms)]
    evaluation_id = await service.close(terms, responses)
    await service.staff(evaluation_id, 1, 2)
    ids = [str(r.response_id) for r in responses]
    spec = CASES[case]
    await spec.before(service, evaluation_id, ids)
    before = await service.fingerprint()
    body = problem(await spec.request(service, evaluation_id, ids), spec.status, spec.code)
    assert body["detail"]
    assert await service.fingerprint() == before


async def test_an_invalid_field_is_named(service: Service):
    terms = staffordshire_terms()
    evaluation_id = await service.close(terms, [opened(terms)])
    answer = await service.post(f"/evaluations/{evaluation_id}/evaluators", COMMISSIONER,
                                {"evaluator_id": "e" * 201})
    body = problem(answer, 422, "invalid_input")
    assert [e["field"] for e in body["errors"]] == ["body.evaluator_id"]


async def test_an_unknown_evaluation_is_404_and_an_evaluator_not_on_it_sees_none(
    service: Service
):
    terms = staffordshire_terms()
    evaluation_id = await service.close(terms, [opened(terms)])
    problem(await service.get(f"/evaluations/{terms.dps_id}", COMMISSIONER), 404,
            "evaluation_not_found")
    hidden = problem(await service.get(f"/evaluations/{evaluation_id}", evaluator(7)), 404,
                     "evaluation_not_found")
    assert hidden["evaluation_id"] == evaluation_id
    listed = await service.get("/evaluations", evaluator(7))
    assert listed.json()["items"] == []


async def test_two_evaluators_scoring_at_once_never_lose_a_score(service: Service):
    """On PostgreSQL the evaluation's row lock queues them; on SQLite the loser of a race is
    told so (409 ``concurrent_change``) and changed nothing. Never a 500, never a lost score."""
    terms = staffordshire_terms()
    responses = [opened(terms), opened(terms)]
    evaluation_id = await service.close(terms, responses)
    await service.staff(evaluation_id, 1, 2)
    answers = await asyncio.gather(*(
        service.score(evaluation_id, evaluator(n), {r.response_id: n for r in responses})
        for n in (1, 2)
    ))
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    for a in answers:
        if a.status_code == 409:
            problem(a, 409, "concurrent_change")
    stored = (await service.get(f"/evaluations/{evaluation_id}", COMMISSIONER)).json()
    scored = {p["person_id"]: p["scored"] for p in stored["progress"]["panel"]}
    for n, a in zip((1, 2), answers, strict=True):
        assert scored[f"evaluator-{n}"] == (2 if a.status_code == 200 else 0)
