"""Driving the call-off service through its HTTP API in tests, with registry events applied
through its own handlers (no broker), and probes of its store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from services.calloff.store import metadata
from shared.clock import ManualClock
from shared.events.base import Event
from shared.events.registry import DpsOpened, ProviderAdmitted
from shared.identity import provider_id_for
from tests.calloff import factories as f
from tests.services.read_model_support import apply
from tests.support.answers import fingerprint, problem  # noqa: F401 (problem: for the tests)
from tests.support.services import bearer

COMMISSIONER = bearer("commissioner", organisation="staffordshire-cc", subject="officer-1")
PRACTITIONER = bearer("practitioner", organisation="staffordshire-cc", subject="social-worker-1")
AUDITOR = bearer("auditor", organisation="staffordshire-cc", subject="auditor-1")
OPERATOR = bearer("operator", organisation="platform", subject="operator-1")


def provider_headers(organisation: str) -> dict[str, str]:
    return bearer("provider", organisation=organisation, subject=f"user-of-{organisation}")


@dataclass
class Member:
    """An admitted provider: its membership event and its users' token."""

    event: ProviderAdmitted
    headers: dict[str, str]

    @property
    def provider_id(self) -> str:
        return str(self.event.provider_id)


@dataclass
class Calloff:
    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock
    _members: int = field(default=0)

    async def apply(self, *events: Event) -> None:
        await apply(self.app, "calloff", *events)

    async def open_dps(self, regime: str = "pcr2015_dps", **kwargs: Any) -> DpsOpened:
        opened, cards = f.dps_events(regime, **kwargs)
        await self.apply(opened, *cards)
        return opened

    async def member(self, dps: DpsOpened, lot: Any = None, **kwargs: Any) -> Member:
        self._members += 1
        organisation = f"provider-{self._members}-{id(self) % 10_000}"
        event = f.admitted(
            dps, lot, provider_id=provider_id_for(organisation),
            name=kwargs.pop("name", f"Care Provider {self._members} Ltd"), **kwargs,
        )
        await self.apply(event)
        return Member(event, provider_headers(organisation))

    async def requirement(self, dps: DpsOpened, **overrides: Any) -> dict[str, Any]:
        made = await self.client.post(
            "/requirements", json=f.requirement_body(dps, **overrides), headers=PRACTITIONER
        )
        assert made.status_code == 201, made.text
        return made.json()

    async def draft(self, requirement: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        made = await self.client.post(
            "/call-offs", json=f.call_off_body(requirement["id"], **overrides),
            headers=COMMISSIONER,
        )
        assert made.status_code == 201, made.text
        return made.json()

    async def publish(self, call_off: dict[str, Any], **body: Any) -> dict[str, Any]:
        done = await self.client.post(
            f"/call-offs/{call_off['id']}/publish", json=body or None, headers=COMMISSIONER
        )
        assert done.status_code == 200, done.text
        return done.json()

    async def published(self, dps: DpsOpened, **overrides: Any) -> dict[str, Any]:
        requirement = await self.requirement(dps)
        return await self.publish(await self.draft(requirement, **overrides))

    async def respond(self, call_off: dict[str, Any], member: Member, **overrides: Any
                      ) -> httpx.Response:
        return await self.client.post(
            f"/call-offs/{call_off['id']}/responses", json=f.response_body(**overrides),
            headers=member.headers,
        )

    async def tick(self) -> Any:
        return await self.app.state.ticker()

    # --- probes of the store ----------------------------------------------------------------
    async def outbox(self) -> list[dict[str, Any]]:
        table = metadata.tables["outbox"]
        async with self.app.state.runtime.session_factory() as session:
            rows = (await session.execute(select(table).order_by(table.c.position))).all()
        return [{"subject": r.subject, **json.loads(r.payload)} for r in rows]

    async def events(self, name: str, **match: Any) -> list[dict[str, Any]]:
        return [
            e for e in await self.outbox()
            if f".{name}." in e["subject"] and all(e.get(k) == v for k, v in match.items())
        ]

    async def call_off_events(self, call_off_id: str | UUID) -> list[dict[str, Any]]:
        return [e for e in await self.outbox() if e.get("aggregate_id") == str(call_off_id)]

    async def fingerprint(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table. Equal: nothing changed."""
        return await fingerprint(self.app.state.runtime.session_factory, metadata)

