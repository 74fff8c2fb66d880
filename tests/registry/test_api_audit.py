"""Every decision is recorded with who, when and why; a DPS's trail exports as JSON and CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from tests.registry.api_support import AUDITOR, COMMISSIONER, START, problem
from tests.support.services import bearer

pytestmark = pytest.mark.nats


async def test_every_decision_is_recorded_with_who_when_and_why_and_exported(registry):
    dps = await registry.open_dps()
    provider = await registry.provider()
    registry.clock.advance(timedelta(hours=1))
    applied = (await registry.apply(provider, dps, ["A"])).json()
    registry.clock.advance(timedelta(hours=1))
    other = bearer("commissioner", organisation="example-council", subject="officer-2")
    admitted = await registry.client.post(f"/applications/{applied['id']}/admit",
                                          json={"why": "meets SQ1 and SQ2"}, headers=other)
    [membership] = admitted.json()["memberships"]
    registry.clock.advance(timedelta(hours=1))
    await registry.client.post(f"/memberships/{membership['id']}/suspend",
                               json={"reason": "safeguarding", "why": "alert ref 77"},
                               headers=COMMISSIONER)

    trail = (await registry.client.get(f"/dps/{dps['id']}/audit", headers=AUDITOR)).json()["items"]
    actions = [(d["subject_type"], d["action"], d["actor_id"], d["actor_role"], d["why"])
               for d in trail]
    assert actions[0][:2] == ("dps", "set_up")
    assert ("dps", "opened", "officer-1", "commissioner", "") in actions
    assert actions[-4:] == [
        ("application", "submitted", "user-1", "provider", "A"),
        ("application", "admitted", "officer-2", "commissioner", "meets SQ1 and SQ2"),
        ("membership", "membership_started", "officer-2", "commissioner", "meets SQ1 and SQ2"),
        ("membership", "suspended", "officer-1", "commissioner", "alert ref 77"),
    ]
    assert trail[-1]["reason_code"] == "safeguarding"
    assert [d["at"] for d in trail] == sorted(d["at"] for d in trail)
    assert trail[-1]["at"].startswith((START + timedelta(hours=3)).isoformat()[:19])

    exported = await registry.client.get(f"/dps/{dps['id']}/audit.csv", headers=AUDITOR)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["action"] for r in rows] == [d["action"] for d in trail]
    last = {k: str(v or "") for k, v in trail[-1].items() if k not in ("id", "at")}
    assert {k: v for k, v in rows[-1].items() if k != "at"} == last
    assert datetime.fromisoformat(rows[-1]["at"]) == datetime.fromisoformat(trail[-1]["at"])


async def test_audit_csv_neutralises_spreadsheet_formulas(registry):
    dps = await registry.open_dps()
    await registry.client.post(f"/dps/{dps['id']}/close", json={"reason": "=HYPERLINK(1)"},
                               headers=COMMISSIONER)
    exported = await registry.client.get(f"/dps/{dps['id']}/audit.csv", headers=COMMISSIONER)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[-1]["why"] == "'=HYPERLINK(1)"


async def test_audit_trail_of_an_unknown_dps_is_not_found(registry):
    problem(await registry.client.get(f"/dps/{uuid4()}/audit", headers=AUDITOR), 404,
            "dps_not_found")


async def test_audit_entries_use_one_past_tense_vocabulary_and_name_their_subjects(registry):
    dps = await registry.open_dps(name="Example Council Home Care DPS")
    provider = await registry.provider("bright")
    [membership] = await registry.admitted(provider, dps, ["A"])
    await registry.client.post(f"/memberships/{membership['id']}/remove", headers=COMMISSIONER,
                               json={"reason": "ceased_trading", "why": "company dissolved"})
    trail = (await registry.client.get(f"/dps/{dps['id']}/audit", headers=AUDITOR)).json()
    names = {d["subject_type"]: d["subject_name"] for d in trail["items"]}
    assert names == {"dps": "Example Council Home Care DPS", "application": "Bright 1 Ltd",
                     "membership": "Bright 1 Ltd"}
    actions = [d["action"] for d in trail["items"]]
    assert all(":" not in a and (a.endswith("ed") or a in ("set_up",)) for a in actions), actions
    assert actions[-1] == "removed" and trail["items"][-1]["reason_code"] == "ceased_trading"


async def test_the_audit_trail_comes_a_page_at_a_time_in_order(registry):
    dps = await registry.open_dps()
    whole = (await registry.client.get(f"/dps/{dps['id']}/audit?limit=200",
                                       headers=AUDITOR)).json()["items"]
    seen, cursor = [], None
    while True:
        query = f"limit=3&cursor={cursor}" if cursor else "limit=3"
        page = (await registry.client.get(f"/dps/{dps['id']}/audit?{query}",
                                          headers=AUDITOR)).json()
        seen += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert [d["id"] for d in seen] == [d["id"] for d in whole] and len(whole) > 3
