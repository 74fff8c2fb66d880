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

    trail = (await registry.client.get(f"/dps/{dps['id']}/audit", headers=AUDITOR)).json()
    actions = [(d["subject_type"], d["action"], d["actor_id"], d["actor_role"], d["why"])
               for d in trail]
    assert actions[0][:2] == ("dps", "set_up")
    assert ("dps", "open", "officer-1", "commissioner", "") in actions
    assert actions[-4:] == [
        ("application", "submit", "user-1", "provider", "A"),
        ("application", "admitted", "officer-2", "commissioner", "meets SQ1 and SQ2"),
        ("membership", "admit", "officer-2", "commissioner", "meets SQ1 and SQ2"),
        ("membership", "suspend:safeguarding", "officer-1", "commissioner", "alert ref 77"),
    ]
    assert [d["at"] for d in trail] == sorted(d["at"] for d in trail)
    assert trail[-1]["at"].startswith((START + timedelta(hours=3)).isoformat()[:19])

    exported = await registry.client.get(f"/dps/{dps['id']}/audit.csv", headers=AUDITOR)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["action"] for r in rows] == [d["action"] for d in trail]
    last = {k: str(v) for k, v in trail[-1].items() if k not in ("id", "at")}
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
