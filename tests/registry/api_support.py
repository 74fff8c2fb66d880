"""Driving the registry through its HTTP API in tests: bodies, callers, and store probes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from services.registry.store import metadata
from shared.clock import LONDON, ManualClock
from tests.support.answers import fingerprint, problem  # noqa: F401 (problem: for the tests)
from tests.support.services import bearer

#: The relay purges sent outbox rows older than the retention by the service's clock, which
#: these tests move by months: without this, a row a test reads (a warning published before
#: the clock moved a month) could be purged before it looks, depending on when the relay ran.
KEEP_SENT_EVENTS = {"outbox_retention_days": 36_500}
#: Monday 2 March 2026, 09:00 in London: inside every test DPS's term.
START = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON).astimezone(UTC)
COMMISSIONER = bearer("commissioner", organisation="example-council", subject="officer-1")
AUDITOR = bearer("auditor", organisation="example-council", subject="auditor-1")


def london(day: date, at: time = time(9, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def lot_body(code: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "title": f"Lot {code}",
        "questions": [
            {"code": "SQ1", "text": "Do you have a safeguarding adults policy?"},
            {"code": "SQ2", "text": "Does a mandatory exclusion ground apply?",
             "pass_answer": False},
        ],
        "required_documents": [{"document_type": "public_liability_insurance"}],
        "rate_cards": [{
            "effective_from": "2026-01-01",
            "rates": [{"element": "support", "unit": "hour", "min_amount": "13.60",
                       "max_amount": "14.75"}],
        }],
    }
    body.update(overrides)
    return body


def dps_body(**overrides: Any) -> dict[str, Any]:
    """A PCR 2015 DPS: 1 Jan 2026, 2 years + 12 months (ends 31 Dec 2028), lots A and B."""
    body: dict[str, Any] = {
        "name": "Example Council Home Care DPS",
        "buyers": [{"name": "Example Council"}],
        "regime": "pcr2015_dps",
        "service_category": "home_care",
        "starts_on": "2026-01-01",
        "initial_term_months": 24,
        "extension_months": [12],
        "lots": [lot_body("A"), lot_body("B")],
        "criteria": [
            {"code": "quality", "name": "Quality", "kind": "quality", "min_weight": "40",
             "max_weight": "80"},
            {"code": "cost", "name": "Cost", "kind": "cost", "min_weight": "20",
             "max_weight": "60"},
        ],
    }
    body.update(overrides)
    return body


@dataclass
class ProviderUser:
    organisation: str
    headers: dict[str, str]
    id: str = ""
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class Registry:
    """A running registry service with a manual clock, and shortcuts through its API."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock
    _providers: int = 0

    # --- set-up -----------------------------------------------------------------------
    async def create_dps(self, **overrides: Any) -> dict[str, Any]:
        response = await self.client.post("/dps", json=dps_body(**overrides), headers=COMMISSIONER)
        assert response.status_code == 201, response.text
        return response.json()

    async def open_dps(self, **overrides: Any) -> dict[str, Any]:
        dps = await self.create_dps(**overrides)
        response = await self.client.post(f"/dps/{dps['id']}/open", headers=COMMISSIONER)
        assert response.status_code == 200, response.text
        return response.json()

    async def provider(self, name: str = "", *, areas: list[str] | None = None,
                       cqc: bool = True) -> ProviderUser:
        self._providers += 1
        n = self._providers
        organisation = f"{name or 'care'}-{n}-{id(self) % 100000}"
        user = ProviderUser(
            organisation, bearer("provider", organisation=organisation, subject=f"user-{n}")
        )
        body = {
            "organisation": organisation,
            "name": f"{(name or 'Care').title()} {n} Ltd",
            "companies_house_number": f"{10_000_000 + n:08d}",
            "cqc_provider_id": f"1-{100_000_000 + n:09d}" if cqc else None,
            "areas_served": areas if areas is not None else ["ST16", "ST17"],
        }
        response = await self.client.post("/providers", json=body, headers=user.headers)
        assert response.status_code == 201, response.text
        user.record = response.json()
        user.id = user.record["id"]
        return user

    # --- applications -----------------------------------------------------------------
    def application_body(
        self, dps: dict[str, Any], codes: list[str] | None = None, *,
        expires_on: str = "2027-12-31", passing: bool = True,
    ) -> dict[str, Any]:
        lots = [lot for lot in dps["lots"] if codes is None or lot["code"] in codes]
        answers = [
            {"question_id": q["id"], "answer": q["pass_answer"] == passing}
            for lot in lots for q in lot["questions"]
        ]
        types = dict.fromkeys(d["document_type"] for lot in lots for d in lot["required_documents"])
        documents = [
            {"document_type": t, "title": t.replace("_", " "), "content_sha256": sha(t),
             "expires_on": expires_on}
            for t in types
        ]
        return {"dps_id": dps["id"], "lot_ids": [lot["id"] for lot in lots],
                "answers": answers, "documents": documents}

    async def apply(self, user: ProviderUser, dps: dict[str, Any],
                    codes: list[str] | None = None, **kwargs: Any) -> httpx.Response:
        return await self.client.post(
            "/applications", json=self.application_body(dps, codes, **kwargs), headers=user.headers
        )

    async def admitted(self, user: ProviderUser, dps: dict[str, Any],
                       codes: list[str] | None = None, **kwargs: Any) -> list[dict[str, Any]]:
        """Apply and be admitted; the memberships."""
        applied = await self.apply(user, dps, codes, **kwargs)
        assert applied.status_code == 201, applied.text
        admitted = await self.client.post(
            f"/applications/{applied.json()['id']}/admit", json={"why": "meets the criteria"},
            headers=COMMISSIONER,
        )
        assert admitted.status_code == 200, admitted.text
        return admitted.json()["memberships"]

    # --- probes of the store ----------------------------------------------------------
    async def outbox(self) -> list[dict[str, Any]]:
        """Every event the registry committed, in order: {subject, payload...}."""
        table = metadata.tables["outbox"]
        async with self.app.state.runtime.session_factory() as session:
            rows = (await session.execute(select(table).order_by(table.c.position))).all()
        return [{"subject": r.subject, **json.loads(r.payload)} for r in rows]

    async def events(self, name: str, **match: Any) -> list[dict[str, Any]]:
        """Events whose subject contains ``name`` and whose fields equal ``match``."""
        return [
            e for e in await self.outbox()
            if f".{name}." in e["subject"] and all(e.get(k) == v for k, v in match.items())
        ]

    async def fingerprint(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table. Equal: nothing changed."""
        return await fingerprint(self.app.state.runtime.session_factory, metadata)

