"""The registry's events, consumed by a test subscriber on a real nats-server, reconstruct
the exact membership table.

Admissions, suspensions (by a commissioner and by the ticker), reinstatements, removals
(by the council and at the provider's request) and a re-admission are driven through the
API of a running registry; a plain nats-py ordered consumer on ``dps.registry.>`` folds
ProviderAdmitted / MembershipSuspended / MembershipReinstated / MembershipRemoved into a
table, which must equal the registry's own ``memberships`` table row for row.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

import nats
import pytest
from sqlalchemy import select

from services.registry.store import tables
from shared.clock import ManualClock
from tests.messaging.harness import wait_for
from tests.registry.api_support import COMMISSIONER, START, Registry, london
from tests.support.services import running_service

pytestmark = pytest.mark.nats

#: Every column of the registry's ``memberships`` table except its row version.
COLUMNS = ("dps_id", "lot_id", "provider_id", "application_id", "admitted_at", "status",
           "suspension_reason", "suspended_at", "removal_reason", "removed_at")


class MembershipFold:
    """The membership table as an outsider rebuilds it from the registry's events alone."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.seen: set[str] = set()

    def apply(self, subject: str, event: dict[str, Any]) -> None:
        if event["id"] in self.seen:  # at-least-once delivery: a copy changes nothing
            return
        self.seen.add(event["id"])
        name, at = subject.split(".")[2], datetime.fromisoformat(event["occurred_at"])
        if name == "provider_admitted":
            self.rows[event["membership_id"]] = {
                "dps_id": event["dps_id"], "lot_id": event["lot_id"],
                "provider_id": event["provider_id"], "application_id": event["application_id"],
                "admitted_at": at, "status": "active", "suspension_reason": None,
                "suspended_at": None, "removal_reason": None, "removed_at": None,
            }
        elif name == "membership_suspended":
            self.rows[event["membership_id"]].update(
                status="suspended", suspension_reason=event["reason_code"], suspended_at=at)
        elif name == "membership_reinstated":
            self.rows[event["membership_id"]].update(
                status="active", suspension_reason=None, suspended_at=None)
        elif name == "membership_removed":
            self.rows[event["membership_id"]].update(
                status="removed", removal_reason=event["reason_code"], removed_at=at)

    def table(self, dps_id: str) -> dict[str, tuple[Any, ...]]:
        return {
            m: tuple(r[c] for c in COLUMNS)
            for m, r in self.rows.items() if r["dps_id"] == dps_id
        }


def _plain(value: Any) -> Any:
    """A stored value as an event carries it: ids and enums as text, times as UTC."""
    if value is None or isinstance(value, datetime):
        return value
    return str(value)


async def registry_table(registry: Registry, dps_id: str) -> dict[str, tuple[Any, ...]]:
    m = tables.memberships
    async with registry.app.state.runtime.session_factory() as session:
        rows = (await session.execute(
            select(m.c.id, *(m.c[c] for c in COLUMNS)).where(m.c.dps_id == UUID(dps_id))
        )).all()
    return {str(r.id): tuple(_plain(getattr(r, c)) for c in COLUMNS) for r in rows}


async def test_registry_events_on_nats_reconstruct_the_exact_membership_table(
    nats_server, database
):
    fold = MembershipFold()
    client = await nats.connect(nats_server.url)

    async def received(msg: Any) -> None:
        fold.apply(msg.subject, json.loads(msg.data))

    subscription = await client.jetstream().subscribe(
        "dps.registry.>", cb=received, ordered_consumer=True, stream="DPS"
    )
    clock = ManualClock(START)
    try:
        async with (
            database("registry") as url,
            running_service("registry", url, nats_server.url, clock=clock) as (app, http),
        ):
            registry = Registry(app, http, clock)
            dps = await registry.open_dps()
            providers = [await registry.provider() for _ in range(6)]
            members = {}
            for i, p in enumerate(providers):
                codes = ["A", "B"] if i % 2 else ["A"]
                members[i] = await registry.admitted(p, dps, codes)
            rejected = await registry.apply(await registry.provider(), dps, ["B"])
            await http.post(f"/applications/{rejected.json()['id']}/reject",
                            json={"reasons": ["no policy"]}, headers=COMMISSIONER)

            async def act(membership: dict[str, Any], action: str, body: dict[str, Any],
                          headers: dict[str, str] = COMMISSIONER) -> None:
                response = await http.post(f"/memberships/{membership['id']}/{action}",
                                           json=body, headers=headers)
                assert response.status_code == 200, response.text

            await act(members[0][0], "suspend", {"reason": "safeguarding"})
            await act(members[1][0], "suspend", {"reason": "exclusion_ground"})
            await act(members[1][0], "reinstate", {"why": "ground no longer applies"})
            await act(members[1][1], "suspend", {"reason": "expired_document"})
            await act(members[1][1], "remove", {"reason": "discretionary_exclusion",
                                                "why": "persistent failure"})
            await act(members[2][0], "remove", {"reason": "provider_request", "why": "leaving"},
                      headers=providers[2].headers)
            again = await registry.admitted(providers[2], dps, ["A"])  # a new membership
            await act(again[0], "suspend", {"reason": "safeguarding"})
            await act(again[0], "reinstate", {"why": "investigation closed"})

            # The ticker suspends whoever misses a re-declaration of lot B.
            lot_b = dps["lots"][1]["id"]
            clock.set(london(date(2026, 12, 22), time(11)))
            await http.post(f"/dps/{dps['id']}/lots/{lot_b}/redeclaration-requests",
                            headers=COMMISSIONER)
            await act(members[3][1], "redeclare", {}, headers=providers[3].headers)
            clock.set(london(date(2027, 1, 1), time(0, 1)))
            await app.state.ticker()

            expected = await registry_table(registry, dps["id"])
            statuses = [row[COLUMNS.index("status")] for row in expected.values()]
            assert statuses.count("removed") == 2 and statuses.count("suspended") >= 2

            async def rebuilt() -> bool:
                return fold.table(dps["id"]) == expected

            await wait_for(rebuilt, timeout=60, what="the events to rebuild the table")
            assert fold.table(dps["id"]) == expected
            assert len(expected) == 10  # 1+2+1+2+1+2 admitted, plus the re-admission
    finally:
        await subscription.unsubscribe()
        await client.close()
