"""One call-off to a lot of 10,000 eligible members: the list frozen with every one of
them (and none of the others), one invitation each committed with it, and every
invitation delivered to JetStream. Timed by ``python -m bench.calloff_fanout``, not here."""

from __future__ import annotations

import json
from uuid import UUID

import nats
import pytest
from sqlalchemy import func, select

from bench.calloff_fanout import big_lot, seed
from services.calloff.store import tables as t
from shared.clock import ManualClock
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER, PRACTITIONER
from tests.messaging.harness import wait_for
from tests.support.databases import POSTGRES_URL
from tests.support.services import running_service

pytestmark = [pytest.mark.nats, pytest.mark.slow]
ELIGIBLE = 10_000
SUBJECT = "dps.calloff.invitation_issued.v1"


async def _count(app, query):  # type: ignore[no-untyped-def]
    async with app.state.runtime.session_factory() as session:
        return int(await session.scalar(query) or 0)


async def test_a_call_off_invites_all_10000_eligible_members_and_every_invitation_leaves(
    own_nats_server, database, backend
):
    if backend == "sqlite" and POSTGRES_URL:
        pytest.skip("ten thousand invitations once, on PostgreSQL, where CI measures them")
    clock = ManualClock(f.START)
    async with database("calloff") as url, running_service(
        "calloff", url, own_nats_server.url, clock=clock, outbox_retention_days=36_500
    ) as (app, client):
        opened, card = big_lot()
        await seed(app, opened, card, ELIGIBLE)
        await seed(app, opened, card, 25, areas=("WS11",))  # members elsewhere: not invited
        body = f.requirement_body(f.dps_events()[0], dps_id=str(opened.dps_id),
                                  lot_id=str(opened.lots[0].lot_id),
                                  volumes=[{"element": "support", "unit": "hour",
                                            "quantity_per_week": "14"}])
        requirement = (await client.post("/requirements", json=body,
                                         headers=PRACTITIONER)).json()
        draft = await client.post("/call-offs", headers=COMMISSIONER, json=f.call_off_body(
            requirement["id"], criteria=[{"code": "quality", "weight": "70"},
                                         {"code": "cost", "weight": "30"}]))
        assert draft.status_code == 201, draft.text
        call_off_id = draft.json()["id"]
        key = UUID(call_off_id)
        published = await client.post(f"/call-offs/{call_off_id}/publish", headers=COMMISSIONER)
        assert published.status_code == 200, published.text
        assert published.json()["invitee_count"] == ELIGIBLE

        invited = await _count(app, select(func.count()).select_from(t.invitations).where(
            t.invitations.c.call_off_id == key))
        assert invited == ELIGIBLE
        outbox = t.outbox
        assert await _count(app, select(func.count()).select_from(outbox).where(
            outbox.c.subject == SUBJECT)) == ELIGIBLE
        async with app.state.runtime.session_factory() as session:
            payloads = (await session.execute(
                select(outbox.c.payload).order_by(outbox.c.position))).scalars().all()
        bodies = [json.loads(p) for p in payloads]
        versions = [b["aggregate_version"] for b in bodies if b.get("aggregate_id") == call_off_id]
        assert versions == list(range(1, ELIGIBLE + 2))

        async def all_in_jetstream() -> bool:
            unsent = await _count(app, select(func.count()).select_from(outbox).where(
                outbox.c.sent_at.is_(None)))
            return unsent == 0

        await wait_for(all_in_jetstream, timeout=120, what="every invitation acknowledged")
        client_ = await nats.connect(own_nats_server.url)
        try:
            info = await client_.jetstream().stream_info("DPS", subjects_filter=SUBJECT)
        finally:
            await client_.close()
        assert info.state.subjects[SUBJECT] == ELIGIBLE
