"""The fan-out of one call-off to every eligible member of a big lot, timed.

On a nats-server of its own (``sync_interval: always``) and the database named by
DATABASE_URL (else SQLite), a call-off service (the real app, in process) knows a lot with
``--providers`` eligible members (written in bulk, as the registry's events would leave
them). A commissioner publishes a call-off over HTTP; the run reports:

- frozen: from the publish request to its answer: the invitation list computed and frozen,
  the call-off, the list and one ``InvitationIssued`` per invitee committed (outbox);
- published: from the publish request until the stream holds every one of those events
  (JetStream stores a message before it acknowledges it; the stream is asked every 5 ms);
- marked sent: until the relay has also marked every outbox row sent (it does so on the
  PubAcks, in one statement);
- floors: the same messages (bodies and headers) published again straight from nats-py,
  until JetStream has acknowledged them all: one message each, pipelined, all at once (each
  message fsynced before its PubAck), and as atomic batches of 1,000 (one fsync per batch,
  as the relay sends them on a stream that allows atomic batches).

    python -m bench.calloff_fanout --providers 10000 --runs 3

Runnable from anywhere once the project is installed; it imports nothing from the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import nats
from sqlalchemy import func, insert, select

from bench.support import backend_name, fresh_database, prepare_stream
from services.calloff.main import create_app
from services.calloff.settings import CalloffSettings
from services.calloff.store import tables as t
from shared.clock import ManualClock
from shared.dpsview.handlers import dps_opened, rate_card_added
from shared.events.registry import (
    CriterionSummary,
    DpsOpened,
    LotSummary,
    RateCardAdded,
    RateSummary,
)
from shared.http.tokens import mint_token
from shared.messaging.pipelined import ATOMIC_LIMIT, Outgoing, PipelinedPublisher
from shared.natsserver import NatsServer

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
SUBJECT = "dps.calloff.invitation_issued.v1"


def big_lot() -> tuple[DpsOpened, RateCardAdded]:
    """A PCR 2015 DPS with one home-care lot (£13.60-£14.75 an hour)."""
    lot = LotSummary(lot_id=uuid4(), code="HC", title="Home care")
    opened = DpsOpened(
        occurred_at=NOW - timedelta(days=30), dps_id=uuid4(), name="Bench Home Care DPS",
        regime="pcr2015_dps", service_category="home_care",
        buyer_organisations=["Bench County Council"], starts_on=date(2027, 1, 1),
        initial_term_ends_on=date(2028, 12, 31), latest_end_on=date(2028, 12, 31),
        lots=[lot],
        criteria=[
            CriterionSummary(code="quality", name="Quality", kind="quality",
                             min_weight=Decimal(40), max_weight=Decimal(80)),
            CriterionSummary(code="cost", name="Cost", kind="cost",
                             min_weight=Decimal(20), max_weight=Decimal(60)),
        ],
    )
    card = RateCardAdded(
        occurred_at=opened.occurred_at, dps_id=opened.dps_id, lot_id=lot.lot_id,
        rate_card_id=uuid4(), effective_from=date(2027, 1, 1),
        rates=[RateSummary(element="support", unit="hour", min_amount=Decimal("13.60"),
                           max_amount=Decimal("14.75"))],
    )
    return opened, card


async def seed(
    app: Any, opened: DpsOpened, card: RateCardAdded, providers: int, *,
    areas: tuple[str, ...] = ("ST16", "ST17"),
) -> None:
    """The DPS as its events leave it (applied through the service's handlers), and
    ``providers`` active members serving ``areas``, written in bulk as the registry's
    admissions would leave them."""
    runtime = app.state.runtime
    async with runtime.uow() as uow:
        await dps_opened(opened, uow)
        await rate_card_added(card, uow)
        await uow.commit()
    lot_id = opened.lots[0].lot_id
    at = opened.occurred_at
    members, facts = [], []
    for n in range(providers):
        provider_id = uuid4()
        members.append({
            "membership_id": uuid4(), "dps_id": opened.dps_id, "lot_id": lot_id,
            "provider_id": provider_id, "provider_name": f"Provider {n} Ltd",
            "cqc_provider_id": None, "status": "active", "status_reason": "",
            "admitted_at": at + timedelta(microseconds=n), "changed_at": at,
        })
        facts.append({
            "provider_id": provider_id, "name": f"Provider {n} Ltd",
            "areas_served": list(areas), "as_of": at, "name_as_of": at,
        })
    async with runtime.session_factory() as session:
        for start in range(0, providers, 2000):
            await session.execute(insert(t.lot_members), members[start:start + 2000])
            await session.execute(insert(t.provider_facts), facts[start:start + 2000])
        await session.commit()


async def _unsent(app: Any) -> int:
    outbox = t.outbox
    async with app.state.runtime.session_factory() as session:
        return int(await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        ) or 0)


async def _in_stream(client: Any) -> int:
    info = await client.jetstream().stream_info("DPS", subjects_filter=SUBJECT)
    return int((info.state.subjects or {}).get(SUBJECT, 0))


async def floor(app: Any, nats_url: str) -> tuple[float, float]:
    """The invitations just relayed, published again by nats-py alone (new ids, another
    subject): seconds until JetStream acknowledged them all, one message each (pipelined)
    and in atomic batches."""
    outbox = t.outbox
    async with app.state.runtime.session_factory() as session:
        rows = (await session.execute(
            select(outbox.c.payload, outbox.c.headers).where(outbox.c.subject == SUBJECT)
        )).all()
    client = await nats.connect(nats_url)
    took = []
    try:
        publisher = PipelinedPublisher(client, "DPS")
        for atomic in (False, True):
            messages = [Outgoing("dps.bench.floor.v1", payload.encode(),
                                 {**headers, "Nats-Msg-Id": str(uuid4())})
                        for payload, headers in rows]
            started = time.perf_counter()
            if atomic:
                futures = [await publisher.send_atomic(messages[n:n + ATOMIC_LIMIT])
                           for n in range(0, len(messages), ATOMIC_LIMIT)]
            else:
                futures = [await publisher.send(message) for message in messages]
            answers = await publisher.collect(futures, 120)
            took.append(time.perf_counter() - started)
            assert not any(isinstance(a, BaseException) for a in answers), answers
    finally:
        await client.close()
    return took[0], took[1]


async def one_run(stack: AsyncExitStack, tmp: Path, nats_url: str, providers: int,
                  run: int, relay_batch: int | None = None) -> tuple[float, ...]:
    url = await stack.enter_async_context(fresh_database(tmp, f"bench_fanout_{run}"))
    secret = secrets.token_urlsafe(32)
    settings = CalloffSettings(
        database_url=url, nats_url=nats_url, jwt_secret=secret,
        person_keys=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        relay_poll_seconds=0.2, ticker_seconds=3600,
        **({"relay_batch_size": relay_batch} if relay_batch else {}),
    )
    app = create_app(settings, clock=ManualClock(NOW))
    await stack.enter_async_context(app.router.lifespan_context(app))
    client = await stack.enter_async_context(httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1", timeout=120
    ))
    while not app.state.runtime.broker_alive():  # noqa: ASYNC110 (polling a flag we do not own)
        await asyncio.sleep(0.05)
    opened, card = big_lot()
    await seed(app, opened, card, providers)
    practitioner = {"Authorization": "Bearer " + mint_token(
        secret, subject="bench", organisation="bench-cc", roles=["practitioner"])}
    commissioner = {"Authorization": "Bearer " + mint_token(
        secret, subject="bench", organisation="bench-cc", roles=["commissioner"])}
    requirement = (await client.post("/requirements", headers=practitioner, json={
        "dps_id": str(opened.dps_id), "lot_id": str(opened.lots[0].lot_id),
        "age_band": "75-84", "postcode_district": "ST16", "need_band": "medium",
        "needs_summary": "Help with personal care, mornings and evenings.",
        "volumes": [{"element": "support", "unit": "hour", "quantity_per_week": "14"}],
        "start_on": "2027-04-01", "initial_term_months": 24, "funding_route": "council_arranged",
        "person": {"given_name": "Bench", "family_name": "Person", "date_of_birth": "1948-02-03",
                   "address_lines": ["1 Bench Street"], "postcode": "ST16 1AA",
                   "nhs_number": "9434765919"},
    })).json()
    call_off = (await client.post("/call-offs", headers=commissioner, json={
        "requirement_id": requirement["id"],
        "criteria": [{"code": "quality", "weight": "70"}, {"code": "cost", "weight": "30"}],
        "response_deadline": (NOW + timedelta(days=10)).isoformat(),
    })).json()
    watcher = await nats.connect(nats_url)
    stack.push_async_callback(watcher.close)
    before = await _in_stream(watcher)
    started = time.perf_counter()
    published = await client.post(f"/call-offs/{call_off['id']}/publish", headers=commissioner)
    frozen = time.perf_counter() - started
    assert published.status_code == 200, published.text
    assert published.json()["invitee_count"] == providers
    while await _in_stream(watcher) - before < providers:  # noqa: ASYNC110 (the stream's count)
        await asyncio.sleep(0.005)
    out = time.perf_counter() - started
    while await _unsent(app):  # noqa: ASYNC110 (the store is what we wait for)
        await asyncio.sleep(0.002)
    marked = time.perf_counter() - started
    stored = await _in_stream(watcher) - before
    assert stored == providers, f"{stored} invitations in the stream, expected {providers}"
    return (frozen, out, marked, *await floor(app, nats_url))


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--relay-batch", type=int, default=None,
                        help="the relay's batch (default: the service's setting)")
    args = parser.parse_args(argv)
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = NatsServer(tmp / "nats")
        server.start()
        stack.callback(server.stop)
        await prepare_stream(server.url)
        results = []
        for run in range(args.runs):
            async with AsyncExitStack() as inner:
                frozen, out, marked, each, batched = await one_run(
                    inner, tmp, server.url, args.providers, run, args.relay_batch
                )
            results.append((frozen, out, marked, each, batched))
            print(f"run {run + 1}: list frozen and committed {frozen:.3f}s;"
                  f" every invitation in JetStream {out:.3f}s; all marked sent {marked:.3f}s;"
                  f" floors (nats-py alone): one message each {each:.3f}s,"
                  f" atomic batches {batched:.3f}s", flush=True)

    def median(n: int) -> str:
        return f"{statistics.median(r[n] for r in results):.3f}s"

    print(f"{args.providers} eligible providers on {backend_name()}: medians: frozen"
          f" {median(0)}, published {median(1)}, marked sent {median(2)}; floors: one"
          f" message each {median(3)}, atomic batches {median(4)}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
