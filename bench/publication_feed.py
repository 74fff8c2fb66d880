"""The open-data feed's answer time over 10,000 releases.

``python -m bench.publication_feed [--releases 10000] [--rounds 20]`` builds a contracts
service's store (``DATABASE_URL``, else SQLite) holding a DPS and enough call-offs for the
releases asked (each call-off: published, closed, approved, awarded, varied: five releases),
through the service's own handlers, then times its feed in process (the app under
``httpx.ASGITransport``: routing, queries and the package written, no network):

- ``GET /ocds/releases?limit=100`` and ``limit=1000`` (the first page, and a page deep in
  the feed by its cursor), and a full walk of every release 1,000 at a time;
- the same page revalidated with ``If-None-Match`` (304);
- ``GET /ocds/records?limit=50`` and one ``GET /ocds/records/{ocid}``.

Median and p95 of ``--rounds`` calls each. Imports nothing from the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from bench.support import backend_name, fresh_database
from services.contracts import subscribers
from services.contracts.main import create_app
from services.contracts.settings import ContractsSettings
from shared.clock import ManualClock
from shared.events import calloff as c
from shared.events import contracts as k
from shared.events import registry as r
from shared.identity import provider_id_for

D = Decimal
START = datetime(2027, 3, 1, 9, tzinfo=UTC)
BUYER = "Staffordshire County Council"


class _Wiring:
    """Records the handler the service wires for each event (as its consumers would run)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.handlers: dict[type, Any] = {}

    def consumer(self, producer: str) -> _Wiring:
        return self

    def on(self, event_class: type) -> Any:
        def register(handler: Any) -> Any:
            self.handlers[event_class] = handler
            return handler
        return register


def events_for(call_offs: int) -> list[Any]:
    dps_id, lot_id = uuid4(), uuid4()
    out: list[Any] = [r.DpsOpened(
        occurred_at=START - timedelta(days=90), dps_id=dps_id, name="Supported Living DPS",
        regime="pcr2015_light_touch", rules_effective_from=date(2015, 2, 26),
        service_category="supported_living", buyer_organisations=[BUYER],
        starts_on=date(2026, 9, 1), initial_term_ends_on=date(2028, 8, 31),
        latest_end_on=date(2030, 8, 31),
        lots=[r.LotSummary(lot_id=lot_id, code="SL", title="Supported living")],
    )]
    for n in range(call_offs):
        at = START + timedelta(hours=n)
        call_off_id, contract_id = uuid4(), uuid4()
        provider = provider_id_for(f"provider-{n % 40}")
        terms = c.CallOffTerms(
            call_off_id=call_off_id, reference=f"SCC-SL-{n:05d}", requirement_id=uuid4(),
            requirement_raised_at=at, dps_id=dps_id, lot_id=lot_id,
            regime="pcr2015_light_touch", rules_effective_from=date(2015, 2, 26),
            buyer_organisation=BUYER, funding_shares=[c.FundingShare(buyer=BUYER,
                                                                     share_percent=D(100))],
            kind="mini_competition", pricing_mode="price_competed",
            funding_route="council_arranged",
            criteria=[c.CriterionWeight(code="quality", name="Quality", kind="quality",
                                        weight=D(60)),
                      c.CriterionWeight(code="cost", name="Cost", kind="cost", weight=D(40))],
            volumes=[c.VolumeLine(element="support", unit="hour", quantity_per_week=D(84))],
            start_on=(at + timedelta(days=45)).date(), initial_term_months=36,
            extension_months=[12, 12], annual_value=D("62025.60"),
            whole_life_value=D("310128.00"), threshold=D("663540"), above_threshold=False,
            published_at=at, response_deadline=at + timedelta(days=10),
            advertised=c.Advertised(requirement_reference=f"REQ-{n}", age_band="25-34",
                                    postcode_district="ST16", need_band="complex",
                                    needs_summary="", hours_per_week=D(84)),
        )
        closed = at + timedelta(days=10)
        out += [
            c.CallOffPublished(occurred_at=at, terms=terms, invitee_count=5),
            c.CallOffClosed(occurred_at=closed, terms=terms, closed_at=closed,
                            valid_responses=[c.ValidResponse(response_id=uuid4(),
                                                             provider_id=provider,
                                                             submitted_at=closed)]),
            k.AwardApproved(occurred_at=closed + timedelta(days=2), award_id=uuid4(),
                            call_off_id=call_off_id, response_id=uuid4(), provider_id=provider,
                            approved_by="approver", approver_level="director",
                            whole_life_value=D("310128.00")),
            k.ContractAwarded(
                occurred_at=closed + timedelta(days=3), contract_id=contract_id,
                award_id=uuid4(), call_off_id=call_off_id, requirement_id=uuid4(),
                dps_id=dps_id, lot_id=lot_id, provider_id=provider,
                provider_name=f"Provider {n % 40} Ltd", regime="pcr2015_light_touch",
                funding_route="council_arranged", funding_shares=terms.funding_shares,
                start_on=terms.start_on, initial_term_months=36, extension_months=[12, 12],
                rates=[c.PriceLine(element="support", unit="hour", amount=D("14.20"))],
                volumes=terms.volumes, annual_value=D("62025.60"),
                whole_life_value=D("310128.00"), awarded_at=closed + timedelta(days=3)),
            k.ContractVaried(
                occurred_at=closed + timedelta(days=90), contract_id=contract_id,
                variation_id=uuid4(), effective_on=(closed + timedelta(days=90)).date(),
                reason="More hours", rates=[c.PriceLine(element="support", unit="hour",
                                                        amount=D("14.20"))],
                volumes=[c.VolumeLine(element="support", unit="hour", quantity_per_week=D(90))],
                annual_value=D("66456.00"), whole_life_value=D("330000.00")),
        ]
    return out


async def fill(app: Any, events: list[Any], clock: ManualClock, batch: int = 250) -> float:
    wiring = _Wiring(app.state.runtime.settings)
    subscribers.subscribe(wiring)  # type: ignore[arg-type]
    started = time.perf_counter()
    for first in range(0, len(events), batch):
        async with app.state.runtime.uow() as uow:
            for event in events[first:first + batch]:
                clock.set(max(clock.now(), event.occurred_at))
                await wiring.handlers[type(event)](event, uow)
            await uow.commit()
    return time.perf_counter() - started


async def timed(client: httpx.AsyncClient, url: str, rounds: int, **headers: str
                ) -> tuple[float, float, int, int]:
    took = []
    size = status = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = await client.get(url, headers=headers)
        took.append((time.perf_counter() - started) * 1000)
        size, status = len(response.content), response.status_code
    took.sort()
    return statistics.median(took), took[int(0.95 * (len(took) - 1))], size, status


async def main(releases: int, rounds: int) -> None:
    # No broker here: the relay's retries and each request's log line are not the subject.
    for name in ("httpx", "care_dps.relay"):
        logging.getLogger(name).setLevel(logging.ERROR)
    call_offs = max(1, -(-(releases - 1) // 5))
    clock = ManualClock(START - timedelta(days=91))
    with tempfile.TemporaryDirectory() as tmp:
        async with fresh_database(Path(tmp), "contracts-bench") as url:
            settings = ContractsSettings(database_url=url, connect_nats=False,
                                         jwt_secret="x" * 40, ticker_seconds=3600)
            app = create_app(settings, clock=clock)
            async with app.router.lifespan_context(app):
                filled = await fill(app, events_for(call_offs), clock)
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport,
                                             base_url="http://127.0.0.1") as client:
                    await report(client, filled, rounds)


async def report(client: httpx.AsyncClient, filled: float, rounds: int) -> None:
    walk_started = time.perf_counter()
    url: str | None = "/ocds/releases?limit=1000"
    pages = total = 0
    deep = None
    while url:
        response = await client.get(url)
        total += len(response.json()["releases"])
        pages += 1
        link = response.headers.get("link")
        url = link[link.index("<") + len("<http://127.0.0.1"): link.index(">")] if link else None
        if pages == 5 and url:
            deep = url
    walk = time.perf_counter() - walk_started
    first = await client.get("/ocds/releases?limit=100")
    records = await client.get("/ocds/records?limit=50")
    one = records.json()["records"][0]["ocid"]
    print(f"backend: {backend_name()}; releases in the feed: {total} "
          f"(built through the handlers in {filled:.1f} s)")
    print(f"walk of the whole feed, 1,000 a page: {pages} pages in {walk * 1000:.0f} ms")
    rows = [
        ("GET /ocds/releases?limit=100 (first page)", "/ocds/releases?limit=100", {}),
        ("GET /ocds/releases?limit=1000 (first page)", "/ocds/releases?limit=1000", {}),
        ("GET /ocds/releases?limit=1000 (6th page, by cursor)", deep or "", {}),
        ("GET /ocds/releases?limit=100 + If-None-Match (304)", "/ocds/releases?limit=100",
         {"If-None-Match": first.headers["etag"]}),
        ("GET /ocds/records?limit=50 (first page)", "/ocds/records?limit=50", {}),
        ("GET /ocds/records?limit=50 + If-None-Match (304)", "/ocds/records?limit=50",
         {"If-None-Match": records.headers["etag"]}),
        ("GET /ocds/records/{ocid}", f"/ocds/records/{one}", {}),
    ]
    print(f"{'route':<55}{'median ms':>10}{'p95 ms':>9}{'bytes':>10}{'status':>8}")
    for name, path, headers in rows:
        if not path:
            continue
        median, p95, size, status = await timed(client, path, rounds, **headers)
        print(f"{name:<55}{median:>10.1f}{p95:>9.1f}{size:>10}{status:>8}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.releases, arguments.rounds))
