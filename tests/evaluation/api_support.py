"""Driving the evaluation service through its HTTP API in tests: a call-off closed into it
(through the handlers its consumer calls), callers by role, and probes of its store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from services.evaluation.domain import evaluation_id_for
from services.evaluation.store import metadata
from shared.clock import ManualClock
from shared.events.calloff import CallOffTerms, ResponseOpened
from tests.evaluation.factories import closed
from tests.services.read_model_support import apply
from tests.support.answers import fingerprint, problem  # noqa: F401 (problem: for the tests)
from tests.support.services import bearer

COMMISSIONER = bearer("commissioner", organisation="staffordshire-cc", subject="officer-1")
AUDITOR = bearer("auditor", organisation="staffordshire-cc", subject="auditor-1")


def evaluator(n: int = 1) -> dict[str, str]:
    return bearer("evaluator", organisation="staffordshire-cc", subject=f"evaluator-{n}")


MODERATOR = bearer("evaluator", organisation="staffordshire-cc", subject="moderator-1")


def provider(name: str) -> dict[str, str]:
    """A provider user of the organisation the factories name ``name``."""
    return bearer("provider", organisation=name.lower().replace(" ", "-"), subject=f"u-{name}")


@dataclass
class Service:
    """A running evaluation service with a manual clock, and shortcuts through its API."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock

    async def close(self, terms: CallOffTerms, responses: Sequence[ResponseOpened]) -> str:
        """The call-off's close, as its consumer applies it: each response, then the close.
        The evaluation's id."""
        await apply(self.app, "evaluation", *responses, closed(terms, responses))
        return str(evaluation_id_for(terms.call_off_id))

    async def get(self, path: str, headers: dict[str, str], **params: Any) -> httpx.Response:
        return await self.client.get(path, headers=headers, params=params)

    async def post(self, path: str, headers: dict[str, str], body: Any = None) -> httpx.Response:
        return await self.client.post(path, headers=headers, json=body)

    async def staff(self, evaluation_id: str, *evaluators: int, moderator: bool = True) -> None:
        """Assign evaluators (all their criteria) and the moderator; all declare no conflict."""
        path = f"/evaluations/{evaluation_id}"
        for n in evaluators:
            answer = await self.post(f"{path}/evaluators", COMMISSIONER,
                                     {"evaluator_id": f"evaluator-{n}"})
            assert answer.status_code == 200, answer.text
        if moderator:
            answer = await self.client.put(f"{path}/moderator", headers=COMMISSIONER,
                                           json={"moderator_id": "moderator-1"})
            assert answer.status_code == 200, answer.text
        providers = [r["provider_id"] for r in
                     (await self.get(path, COMMISSIONER)).json()["response_list"]]
        people = [evaluator(n) for n in evaluators] + ([MODERATOR] if moderator else [])
        for headers in people:
            answer = await self.post(f"{path}/conflicts", headers, {"declarations": [
                {"provider_id": p, "conflict": False} for p in providers]})
            assert answer.status_code == 200, answer.text

    async def score(self, evaluation_id: str, headers: dict[str, str],
                    scores: dict[UUID, int], code: str = "quality") -> httpx.Response:
        return await self.post(f"/evaluations/{evaluation_id}/scores", headers, {"scores": [
            {"response_id": str(r), "criterion_code": code, "score": s,
             "rationale": "Evidence given."} for r, s in scores.items()]})

    # --- probes of the store ----------------------------------------------------------
    async def outbox(self) -> list[dict[str, Any]]:
        table = metadata.tables["outbox"]
        async with self.app.state.runtime.session_factory() as session:
            rows = (await session.execute(select(table).order_by(table.c.position))).all()
        return [{"subject": r.subject, **json.loads(r.payload)} for r in rows]

    async def events(self, name: str) -> list[dict[str, Any]]:
        return [e for e in await self.outbox() if f".{name}." in e["subject"]]

    async def fingerprint(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table. Equal: nothing changed."""
        return await fingerprint(self.app.state.runtime.session_factory, metadata)

