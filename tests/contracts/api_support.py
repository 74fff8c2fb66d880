"""Driving the contracts service in tests: events applied as its consumers would (through
the handlers its ``subscribers.py`` wires), its HTTP API, its outbox and its ticker."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from services.contracts.store import metadata
from shared.clock import ManualClock
from shared.events.base import Event
from tests.services.read_model_support import apply
from tests.support.answers import problem  # noqa: F401 (for the tests)
from tests.support.services import bearer

from .factories import STAFFORDSHIRE, Evaluation, admitted

KEEP_SENT_EVENTS = {"outbox_retention_days": 36_500}
COMMISSIONER = bearer("commissioner", organisation="staffordshire-cc", subject="officer-1")
AUDITOR = bearer("auditor", organisation="staffordshire-cc", subject="auditor-1")
FINANCE = bearer("finance", organisation="staffordshire-cc", subject="finance-1")
#: Staffordshire's scheme: Lead Commissioner to £100,000, Assistant Director to £500,000,
#: Director with no ceiling.
LEVELS = [
    {"code": "lead_commissioner", "title": "Lead Commissioner", "up_to": "100000.00"},
    {"code": "assistant_director", "title": "Assistant Director", "up_to": "500000.00"},
    {"code": "director", "title": "Director", "up_to": None},
]


def approver(limit: str, subject: str = "approver-1") -> dict[str, str]:
    return bearer("approver", organisation="staffordshire-cc", subject=subject,
                  approval_limit=limit)


def provider(organisation: str) -> dict[str, str]:
    return bearer("provider", organisation=organisation, subject=f"{organisation}-user")



@dataclass
class Contracts:
    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock

    async def apply(self, *events: Event) -> None:
        await apply(self.app, "contracts", *events)

    async def tick(self) -> Any:
        return await self.app.state.ticker()

    async def scheme(self, buyer: str = STAFFORDSHIRE, levels: list[Any] | None = None) -> Any:
        response = await self.client.post(
            "/delegation-schemes", json={"buyer": buyer, "levels": levels or LEVELS},
            headers=COMMISSIONER,
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def evaluated(self, evaluation: Evaluation, *, members: bool = True) -> dict[str, Any]:
        """The providers admitted, the evaluation's events applied: the award."""
        if members:
            await self.apply(*(admitted(b.provider, evaluation.terms) for b in evaluation.bids))
        await self.apply(*evaluation.events())
        found = await self.client.get(
            f"/awards?call_off_id={evaluation.terms.call_off_id}", headers=COMMISSIONER
        )
        [award] = found.json()["items"]
        return award

    async def award(self, award_id: str, headers: dict[str, str] | None = None) -> Any:
        response = await self.client.get(f"/awards/{award_id}", headers=headers or COMMISSIONER)
        assert response.status_code == 200, response.text
        return response.json()

    async def approve(self, award_id: str, limit: str = "1000000", **body: Any) -> Any:
        response = await self.client.post(
            f"/awards/{award_id}/approve", json=body or None, headers=approver(limit)
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def accept(self, award_id: str, organisation: str) -> Any:
        response = await self.client.post(f"/awards/{award_id}/accept",
                                          headers=provider(organisation))
        assert response.status_code == 200, response.text
        return response.json()

    async def contract(self, contract_id: str) -> Any:
        response = await self.client.get(f"/contracts/{contract_id}", headers=COMMISSIONER)
        assert response.status_code == 200, response.text
        return response.json()

    async def outbox(self) -> list[dict[str, Any]]:
        """The award and contract events sent (publication's releases, aggregate
        ``contracting_process``, are tested in ``tests/publication``)."""
        table = metadata.tables["outbox"]
        async with self.app.state.runtime.session_factory() as session:
            rows = (await session.execute(select(table).order_by(table.c.position))).all()
        events = [{"subject": r.subject, **json.loads(r.payload)} for r in rows]
        return [e for e in events if e.get("aggregate_type") != "contracting_process"]

    async def events(self, name: str, **match: Any) -> list[dict[str, Any]]:
        return [
            e for e in await self.outbox()
            if f".{name}." in e["subject"] and all(e.get(k) == v for k, v in match.items())
        ]


def money(value: Any) -> Decimal:
    return Decimal(str(value))
