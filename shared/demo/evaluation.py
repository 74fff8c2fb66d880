"""Steps in the evaluation service: the panel scores, the moderator settles, the council
completes (and, under the Procurement Act, sends the assessment summaries)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from shared.demo.client import ApiError, Caller, CareDps

#: How an evaluator scores one criterion of one response (a whole point of the 0-5 scale).
Marker = Callable[[Caller, dict[str, Any], dict[str, Any]], int]


async def evaluation_of(system: CareDps, council: Caller, call_off_id: str) -> dict[str, Any]:
    """The evaluation of a closed call-off, once the call-off service's close has arrived."""

    async def probe() -> dict[str, Any] | None:
        found = await system.get("evaluation", "/evaluations", council, call_off_id=call_off_id)
        return found["items"][0] if found["items"] else None

    listed = await system.eventually(probe, f"the evaluation of call-off {call_off_id}")
    return await read(system, council, listed["id"])


async def read(system: CareDps, reader: Caller, evaluation_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await system.get("evaluation", f"/evaluations/{evaluation_id}",
                                             reader)
    return found


async def _quietly(work: Any, *conflicts: str) -> None:
    """Run a step; a 409 named in ``conflicts`` means it was done already."""
    try:
        await work
    except ApiError as refused:
        if refused.code not in conflicts:
            raise


async def evaluate(
    system: CareDps, council: Caller, evaluation_id: str, evaluators: Sequence[Caller],
    moderator: Caller, mark: Marker,
) -> dict[str, Any]:
    """Everything from panel to completion; each step left as it is if already done."""
    evaluation = await read(system, council, evaluation_id)
    if evaluation["status"] == "completed":
        return evaluation
    base = f"/evaluations/{evaluation_id}"
    for person in evaluators:
        await system.call("evaluation", "POST", f"{base}/evaluators", council,
                          json={"evaluator_id": person.subject})
    await system.call("evaluation", "PUT", f"{base}/moderator", council,
                      json={"moderator_id": moderator.subject})
    providers = sorted({r["provider_id"] for r in evaluation["response_list"]})
    for person in [*evaluators, moderator]:
        declarations = [{"provider_id": p, "conflict": False} for p in providers]
        await _quietly(system.call("evaluation", "POST", f"{base}/conflicts", person,
                                   json={"declarations": declarations}),
                       "conflict_already_declared")
    by_evaluators = [c for c in evaluation["criteria"] if c["scored_by"] == "evaluators"]
    for person in evaluators:
        responses = await system.all_pages("evaluation", f"{base}/responses", person)
        marks = [
            {"response_id": r["response_id"], "criterion_code": c["code"],
             "score": mark(person, r, c), "rationale": f"Marked against the {c['name']} guide."}
            for r in responses for c in by_evaluators
        ]
        for start in range(0, len(marks), 500):
            await _quietly(system.call("evaluation", "POST", f"{base}/scores", person,
                                       json={"scores": marks[start:start + 500]}),
                           "already_moderated")
    items = await system.all_pages("evaluation", f"{base}/scores", moderator)
    consensus = [
        {"response_id": item["response_id"], "criterion_code": item["criterion_code"],
         "score": round(sum(s["score"] for s in item["scores"]) / len(item["scores"])),
         "rationale": "The panel's marks discussed and agreed at moderation."}
        for item in items
        if item["ready"] and item["final_score"] is None and item["scores"]
    ]
    if consensus:
        await system.call("evaluation", "POST", f"{base}/moderation", moderator,
                          json={"consensus": consensus})
    for response in (await read(system, council, evaluation_id))["response_list"]:
        if response["flags"] and response["clarification"] is None:
            await _quietly(system.call(
                "evaluation", "POST", f"{base}/responses/{response['response_id']}/clarification",
                council, json={"accepted": True, "note": "The provider explained its price."}),
                "already_clarified")
    await _quietly(system.call("evaluation", "POST", f"{base}/complete", council),
                   "evaluation_completed")
    return await read(system, council, evaluation_id)


async def send_summaries(system: CareDps, council: Caller, evaluation_id: str) -> None:
    """Procurement Act s.50: every assessed provider's summary, before the award proceeds."""
    await _quietly(system.call("evaluation", "POST", f"/evaluations/{evaluation_id}/summaries",
                               council), "summaries_already_sent")
