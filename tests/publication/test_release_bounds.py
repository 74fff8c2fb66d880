"""Releases stay bounded by construction (the event that carries each one is far under the
broker's payload limit), and the merge rules they are compiled with are the official ones."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import json_merge_patch
from ocdsmerge.rules import get_merge_rules

from services.contracts.domain.publication import changes as ch
from services.contracts.domain.publication.facts import ContractStatus, ProcessKind
from services.contracts.domain.publication.ocds.release import CHUNK, MERGE_RULES, compile_all
from services.contracts.domain.publication.process import ContractingProcess
from shared.events import registry as r
from shared.events.base import MAX_EVENT_BYTES
from shared.events.contracts import MAX_RELEASE_BYTES
from shared.messaging.envelope import body_for
from tests.contracts.factories import START

from .ocds_tooling import require_schema
from .scenarios import dynamic_market

WIDE = "\U0001f600"  # four bytes in UTF-8, however it is written


def text(n: int) -> str:
    return WIDE * n


def test_the_largest_dps_goes_out_in_releases_each_far_under_the_payload_limit():
    lots = [r.LotSummary(lot_id=uuid4(), code=text(40), title=text(r.NAME), closed_lot=True,
                         admission_open=False, remote_delivery_allowed=True)
            for _ in range(r.MAX_LOTS)]
    opened = r.DpsOpened(
        occurred_at=START, dps_id=uuid4(), name=text(r.NAME), regime="pa2023_dynamic_market",
        rules_effective_from=date(2025, 2, 24), service_category=text(100),
        buyer_organisations=[text(r.NAME - 2) + f"{n:02d}" for n in range(r.MAX_BUYERS)],
        starts_on=date(2026, 1, 1), initial_term_ends_on=date(2030, 1, 1),
        latest_end_on=date(2032, 1, 1), lots=lots,
        criteria=[r.CriterionSummary(code=str(n), name=text(r.NAME), kind="quality",
                                     min_weight=0, max_weight=100)
                  for n in range(r.MAX_CRITERIA)],
    )
    facts = ch.dps_opened(opened)
    process = ContractingProcess(opened.dps_id, ProcessKind.DPS, f"ocds-cdps01-{opened.dps_id}",
                                 facts, START)
    releases = process.observe(facts, at=START, now=START, tags=["tender"])
    assert len(releases) == -(-r.MAX_LOTS // CHUNK)  # the lots in chunks
    sizes = [len(body_for(e).encode()) for e in process.pending_events]
    assert max(sizes) < MAX_RELEASE_BYTES < MAX_EVENT_BYTES, sizes
    compiled = compile_all(releases)
    assert len(compiled["tender"]["lots"]) == r.MAX_LOTS
    assert len(compiled["parties"]) == r.MAX_BUYERS
    later = START + timedelta(days=1)
    closed = ch.lot_closed(process.dps, r.LotClosed(occurred_at=later, dps_id=opened.dps_id,
                                                    lot_id=lots[0].lot_id, code="x",
                                                    reason="."))
    # Every lot was closed already: nothing public changes, so nothing is released.
    assert process.observe(closed, at=later, now=later, tags=["tenderUpdate"]) == []


def _schema(root: Any) -> dict[str, Any]:
    schema = json.loads((root / "1.1.5" / "release-schema.json").read_text())
    for name in ("lots", "techniques", "uk"):
        patch = json.loads((root / "extensions" / name / "release-schema.json").read_text())
        schema = json_merge_patch.merge(schema, patch)
    schema["definitions"].setdefault("SubmissionTerms", {"type": "object"})
    schema["definitions"].setdefault("Location", {"type": "object"})
    return schema


def _paths(value: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    out = {path} if path else set()
    if isinstance(value, dict):
        for key, item in value.items():
            out |= _paths(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            out |= _paths(item, path)
    return out


def test_the_merge_rules_are_the_official_ones_for_every_field_published():
    official = get_merge_rules(_schema(require_schema()))
    paths: set[tuple[str, ...]] = set()
    for process in _processes():
        for release in process:
            paths |= _paths(release)
    assert paths, "no release to compare"
    for path in sorted(paths):
        ruled = next((official[path[:n]] for n in range(1, len(path) + 1)
                      if path[:n] in official), None)
        declared = next((MERGE_RULES[path[:n]] for n in range(1, len(path) + 1)
                         if path[:n] in MERGE_RULES), None)
        assert declared == ruled, path


def _processes() -> list[list[dict[str, Any]]]:
    """Releases of a DPS and a call-off built in memory from the dynamic market scenario."""
    dps, big, events = dynamic_market()
    facts = ch.dps_opened(dps.opened())
    parent = ContractingProcess(dps.dps_id, ProcessKind.DPS, "ocds-cdps01-d", facts, START)
    out = [parent.observe(facts, at=START, now=START, tags=["tender"])]
    child = ContractingProcess(big.call_off_id, ProcessKind.CALL_OFF, "ocds-cdps01-c",
                               ch.new_call_off(big.call_off_id), START)
    steps = [lambda f: ch.with_terms(f, big.terms()),
             lambda f: ch.award_approved(f, big.approved("a"), "A"),
             lambda f: ch.summaries_sent(f, START),
             lambda f: ch.contract_awarded(f, big.awarded("a", "A")),
             lambda f: ch.contract_extended(f, big.extended(1, START)[0]),
             lambda f: ch.contract_varied(f, big.varied(START, big.hours)),
             lambda f: ch.contract_finished(f, ContractStatus.ENDED, START.date(), START)]
    for step in steps:
        out.append(child.observe(step(child.call_off), at=START, now=START, tags=["tender"],
                                 parent_ocid="ocds-cdps01-d"))
    return out
