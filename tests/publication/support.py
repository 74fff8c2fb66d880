"""Driving publication in tests: events through the handlers (each in its own unit of work,
as its consumer would commit it), the feed and the notices over HTTP, the ticker."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from services.contracts import subscribers
from services.contracts.store import metadata
from shared.clock import ManualClock
from shared.events.base import Event
from tests.contracts.api_support import COMMISSIONER
from tests.services.read_model_support import _Wiring


@dataclass
class Publication:
    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock

    async def apply(self, *events: Event) -> None:
        """Each event through the handler the service wires for it, committed on its own."""
        handlers = wiring(self.app)
        for event in events:
            # Time moves with the events: what is published, is published as they happen.
            if event.occurred_at > self.clock.now():
                self.clock.set(event.occurred_at)
            async with self.app.state.runtime.uow() as uow:
                await handlers[type(event)](event, uow)
                await uow.commit()

    async def tick(self) -> int:
        return int(await self.app.state.publication_ticker())

    async def get(self, path: str, **headers: str) -> httpx.Response:
        return await self.client.get(path, headers=headers)

    async def pages(self, path: str) -> list[dict[str, Any]]:
        """Every page of a feed, following its ``Link: rel="next"``."""
        out = []
        url: str | None = path
        while url:
            response = await self.client.get(url)
            assert response.status_code == 200, response.text
            out.append(response.json())
            link = response.headers.get("link")
            url = link[link.index("<") + 1: link.index(">")] if link else None
        return out

    async def releases(self, ocid: str | None = None) -> list[dict[str, Any]]:
        query = f"?limit=1000&ocid={ocid}" if ocid else "?limit=1000"
        return [r for page in await self.pages("/ocds/releases" + query) for r in page["releases"]]

    async def record(self, ocid: str) -> dict[str, Any]:
        response = await self.client.get(f"/ocds/records/{ocid}")
        assert response.status_code == 200, response.text
        [record] = response.json()["records"]
        return record

    async def notices(self, **query: str) -> list[dict[str, Any]]:
        response = await self.client.get("/notices", params={"limit": 200, **query},
                                         headers=COMMISSIONER)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def notice(self, ocid: str, kind: str) -> dict[str, Any]:
        [found] = [n for n in await self.notices(ocid=ocid) if n["kind"] == kind]
        return found

    async def outbox(self) -> list[dict[str, Any]]:
        table = metadata.tables["outbox"]
        async with self.app.state.runtime.session_factory() as session:
            rows = (await session.execute(select(table).order_by(table.c.position))).all()
        return [{"subject": r.subject, **json.loads(r.payload)} for r in rows]


class _Settled(_Wiring):
    """The shared wiring recorder, with the running service's settings (its OCID prefix)."""

    def __init__(self, settings: Any) -> None:
        super().__init__()
        self.settings = settings


def wiring(app: FastAPI) -> dict[type[Event], Any]:
    recorder = _Settled(app.state.runtime.settings)
    subscribers.subscribe(recorder)  # type: ignore[arg-type]
    return recorder.handlers


def ocid(process_id: Any, prefix: str = "ocds-cdps01") -> str:
    return f"{prefix}-{process_id}"
