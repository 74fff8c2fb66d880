"""The open-data feed over HTTP, on both stores: no token, release and record packages paged
by date with a cursor, ETag / If-None-Match, records compiled with the OCDS merge rules; a
release per change, in any order of arrival across producers; the same releases as events."""

from __future__ import annotations

import json
from datetime import timedelta
from uuid import uuid4

from services.contracts.domain.publication.ocds.release import compile_all
from tests.contracts.api_support import AUDITOR, COMMISSIONER, problem

from .scenarios import dynamic_market, kent, staffordshire
from .support import ocid


async def test_the_feed_needs_no_token_and_pages_by_date_with_a_cursor(publication):
    dps, events = staffordshire()
    await publication.apply(*events)
    everything = await publication.releases()
    paged = [r for page in await publication.pages("/ocds/releases?limit=3")
             for r in page["releases"]]
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert len(everything) == len({r["id"] for r in everything}) > 10
    cut = publication.clock.now() + timedelta(minutes=1)
    await publication.apply(dps.closed(cut + timedelta(hours=1)))
    since = (await publication.get(f"/ocds/releases?since={cut.isoformat()}".replace("+", "%2B")))
    assert [r["tag"] for r in since.json()["releases"]] == [["tenderUpdate"]]


async def test_an_unchanged_page_answers_304_to_its_etag(publication):
    _, events = staffordshire()
    await publication.apply(*events[:3])
    first = await publication.get("/ocds/releases")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = await publication.get("/ocds/releases", **{"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    await publication.apply(events[3])  # the evaluation: nothing public changes
    assert (await publication.get("/ocds/releases", **{"If-None-Match": etag})).status_code \
        == 304
    await publication.apply(events[4])  # the award decision
    changed = await publication.get("/ocds/releases", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    records = await publication.get("/ocds/records")
    same = await publication.get("/ocds/records", **{"If-None-Match": records.headers["etag"]})
    assert same.status_code == 304


async def test_a_record_is_its_releases_compiled_with_the_ocds_merge_rules(publication):
    dps, big, events = dynamic_market()
    await publication.apply(*events)
    releases = await publication.releases(ocid(big.call_off_id))
    record = await publication.record(ocid(big.call_off_id))
    assert [r["url"].split("#")[1] for r in record["releases"]] == [r["id"] for r in releases]
    assert record["compiledRelease"] == compile_all(releases)
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["contracts"][0]["status"] == "terminated"
    [award] = compiled["awards"]
    assert award["assessmentSummariesDateSent"]
    types = {d["noticeType"] for part in (compiled["tender"], award, compiled["contracts"][0])
             for d in part.get("documents", [])}
    assert types == {"UK4", "UK6", "UK7"}
    assert compiled["contracts"][0]["implementation"]["documents"][0]["noticeType"] == "UK11"
    [link] = compiled["relatedProcesses"]
    assert (link["relationship"], link["scheme"], link["identifier"]) == (
        ["framework"], "ocid", ocid(dps.dps_id))
    parent = (await publication.record(ocid(dps.dps_id)))["compiledRelease"]
    assert parent["tender"]["techniques"]["hasDynamicPurchasingSystem"] is True
    assert [lot["id"] for lot in parent["tender"]["lots"]] == [str(link["relatedLots"][0])]


async def test_kent_lots_with_the_closed_lot_and_a_reopening_window(publication):
    dps, events = kent()
    await publication.apply(*events)
    tender = (await publication.record(ocid(dps.dps_id)))["compiledRelease"]["tender"]
    lots = {lot["title"].split(" (")[0] + lot["description"][:7]: lot for lot in tender["lots"]}
    closed = next(lot for lot in tender["lots"] if "closed lot" in lot["description"])
    assert "Not admitting" in closed["description"]
    assert len(lots) == 3
    assert tender["specialRegime"] == ["lightTouch"]


async def test_a_release_per_change_and_none_for_a_duplicate_event(publication):
    _, events = staffordshire()
    await publication.apply(*events)
    before = await publication.releases()
    await publication.apply(*events)  # every event delivered again
    assert await publication.releases() == before


async def test_a_call_off_known_before_its_dps_and_an_award_before_its_terms(publication):
    """Producers' events arrive in any order relative to each other."""
    dps, big, events = dynamic_market()
    opened, published, closed, evaluated, approved, summaries, awarded = events[:7]
    await publication.apply(approved, summaries)  # the contracts service first
    assert await publication.releases() == []  # nothing to say yet: no terms, no DPS
    await publication.apply(published)
    first = await publication.releases(ocid(big.call_off_id))
    assert first[0]["tag"] == ["tender", "award"]
    assert first[0]["relatedProcesses"][0]["identifier"] == ocid(dps.dps_id)
    await publication.apply(awarded, evaluated, closed, opened)
    record = await publication.record(ocid(big.call_off_id))
    assert record["compiledRelease"]["tender"]["numberOfTenderers"] == 5
    assert record["compiledRelease"]["tender"]["status"] == "complete"
    assert (await publication.record(ocid(dps.dps_id)))["ocid"] == ocid(dps.dps_id)


async def test_the_same_releases_go_out_as_events_for_neighbouring_systems(publication):
    _, events = staffordshire()
    await publication.apply(*events)
    sent = [e for e in await publication.outbox()
            if e["subject"] == "dps.contracts.release_published.v1"]
    feed = await publication.releases()
    assert [e["release"] for e in sent] == feed
    assert all(e["aggregate_type"] == "contracting_process" for e in sent)
    notices = [t for e in sent for t in e["notice_types"]]
    assert notices == []  # PCR 2015 notices have no UK notice type


async def test_missing_things_are_404_problems_and_bad_queries_422(publication):
    problem(await publication.get("/ocds/records/ocds-cdps01-nothing"), 404, "ocid_not_found")
    problem(await publication.get("/ocds/releases/ocds-cdps01-x-00001"), 404,
            "release_not_found")
    problem(await publication.get("/ocds/releases?limit=0"), 422, "invalid_input")
    problem(await publication.get("/ocds/releases?cursor=bm9wZQ"), 422, "invalid_cursor")
    problem(await publication.client.get(f"/notices/{uuid4()}", headers=AUDITOR), 404,
            "notice_not_found")


async def test_overdue_notices_are_listed_and_raised_once_as_an_event(publication):
    """A contract signed while its UK6 still waits for the assessment summaries."""
    _, big, events = dynamic_market()
    opened, published, closed, evaluated, approved, summaries, awarded = events[:7]
    await publication.apply(opened, published, closed, evaluated, approved, awarded)
    publication.clock.advance(timedelta(minutes=1))
    assert await publication.tick() >= 1
    assert await publication.tick() == 0  # reported once
    overdue = await publication.client.get("/notices/overdue", headers=COMMISSIONER)
    [notice] = overdue.json()["items"]
    assert (notice["kind"], notice["overdue"]) == ("uk6_contract_award_notice", True)
    raised = [e for e in await publication.outbox()
              if e["subject"] == "dps.contracts.notice_overdue.v1"]
    assert [(e["notice_id"], e["notice_type"]) for e in raised] == [(notice["id"], "UK6")]
    await publication.apply(summaries)  # late, but now it can go
    assert (await publication.client.get("/notices/overdue", headers=COMMISSIONER)
            ).json()["items"] == []


async def test_the_establishment_notice_goes_on_the_markets_start(publication):
    dps, _, events = dynamic_market()
    await publication.apply(events[0])
    uk14 = await publication.notice(ocid(dps.dps_id), "uk14_dynamic_market_establishment_notice")
    assert uk14["status"] == "scheduled"
    publication.clock.set(publication.clock.now() + timedelta(days=14))
    assert await publication.tick() == 1
    uk14 = await publication.notice(ocid(dps.dps_id), "uk14_dynamic_market_establishment_notice")
    assert uk14["status"] == "issued"
    [last] = (await publication.releases(ocid(dps.dps_id)))[-1:]
    assert last["tag"] == ["tenderUpdate"]
    assert last["tender"]["documents"][0]["noticeType"] == "UK14"


async def test_a_pcr_dps_may_group_its_award_notices_quarterly_and_a_dynamic_market_may_not(
    publication
):
    dps, events = staffordshire()
    await publication.apply(*events[:5])  # one call-off, not yet signed
    grouped = await publication.client.put(
        f"/dps/{dps.dps_id}/award-notice-grouping", json={"grouping": "quarterly"},
        headers=COMMISSIONER)
    assert grouped.json()["call_offs_rescheduled"] == 1, grouped.text
    above = events[6:11]
    await publication.apply(*above)
    notice = [n for n in await publication.notices(dps_id=str(dps.dps_id))
              if n["kind"] == "pcr_award_notice"][0]
    assert notice["status"] == "scheduled"
    assert notice["title"].startswith("Contract award notices, 2027 quarter 1")
    publication.clock.set(publication.clock.now() + timedelta(days=40))
    await publication.tick()
    notice = [n for n in await publication.notices(dps_id=str(dps.dps_id))
              if n["kind"] == "pcr_award_notice"][0]
    assert notice["status"] == "issued"
    market, _, market_events = dynamic_market()
    await publication.apply(market_events[0])
    refused = await publication.client.put(
        f"/dps/{market.dps_id}/award-notice-grouping", json={"grouping": "quarterly"},
        headers=COMMISSIONER)
    problem(refused, 422, "grouping_not_allowed")
    problem(await publication.client.put(
        f"/dps/{uuid4()}/award-notice-grouping", json={"grouping": "quarterly"},
        headers=COMMISSIONER), 404, "ocid_not_found")


async def test_notices_list_says_why_no_notice_is_needed(publication):
    _, events = kent()
    await publication.apply(*events)
    reasons = [n["reason"] for n in await publication.notices(status="not_required")]
    assert any("under £30,000" in r for r in reasons), reasons
    body = json.dumps(await publication.notices())
    assert "issued" in body
