"""R17: no personal data in anything publication serves or sends, and none in its store.

Every free-text field of the scenarios' events holds the person's restricted details (as a
careless practitioner or officer might type them): needs summaries, care patterns, direct
award justifications, reasons for cancelling, declining, varying and ending. The scanner
walks every field of every package the feed serves, every notice, every event sent, and
every row of publication's tables."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from services.contracts.store.publication import (
    publication_notices,
    publication_processes,
    publication_releases,
)
from tests.contracts.api_support import COMMISSIONER

from .personal_data import findings
from .scenarios import LEAK, PERSON, dynamic_market, kent, sefton, staffordshire


def test_the_scanner_finds_each_kind_of_personal_data():
    planted = {"a": LEAK, "b": ["ST16 2", "SW1A 1AA"], "c": {"date of birth": "x"},
               "d": "4010232137"}
    found = "\n".join(findings(planted, PERSON))
    for expected in ("margaret", "NHS number", "full postcode", "postcode sector",
                     "written date", "date of birth", "'4010232137'"):
        assert expected in found, expected
    assert findings({"district": "ST16", "amount": "84 hours", "day": "2027-04-01"},
                    PERSON) == []


async def test_nothing_published_or_kept_by_publication_holds_personal_data(publication):
    for scenario in (staffordshire()[1], sefton()[1], kent()[1], dynamic_market()[2]):
        await publication.apply(*scenario)
    documents: list[Any] = [
        *await publication.pages("/ocds/releases?limit=5"),
        *await publication.pages("/ocds/records?limit=3"),
        *(await publication.client.get("/notices?limit=200", headers=COMMISSIONER)).json()[
            "items"],
        *[e for e in await publication.outbox() if e.get("aggregate_type")
          == "contracting_process"],
    ]
    for page in await publication.pages("/ocds/records?limit=200"):
        for record in page["records"]:
            documents.append((await publication.get(f"/ocds/records/{record['ocid']}")).json())
    async with publication.app.state.runtime.session_factory() as session:
        for table in (publication_processes, publication_notices, publication_releases):
            rows = (await session.execute(select(table))).mappings().all()
            documents.append(json.loads(json.dumps([dict(r) for r in rows], default=str)))
    assert len(documents) > 20
    assert [f for d in documents for f in findings(d, PERSON)] == []
    # The district and need band advertised are the finest place and need published.
    assert "in ST16" in json.dumps(documents)
