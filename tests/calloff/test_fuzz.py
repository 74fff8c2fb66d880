"""schemathesis on the call-off service's whole API, on the test database (PostgreSQL in
CI), as a commissioner, a practitioner and an invited provider: no 5xx, no answer outside
its documented schema. About two thirds of the suite's fuzz budget (``FUZZ_SECONDS``)."""

from __future__ import annotations

import pytest

from tests.calloff.api_support import COMMISSIONER, PRACTITIONER
from tests.support.databases import POSTGRES_URL
from tests.support.fuzz import budget_seconds, fuzz

pytestmark = pytest.mark.slow


async def test_the_call_off_api_never_fails_and_always_answers_as_documented(calloff, backend):
    if backend == "sqlite" and POSTGRES_URL:
        pytest.skip("fuzzed on PostgreSQL, where the stricter store finds more")
    dps = await calloff.open_dps("pcr2015_light_touch")
    member = await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    draft = await calloff.draft(await calloff.requirement(dps, need_band="low"))
    call_off = await calloff.publish(await calloff.draft(requirement))
    response = (await calloff.respond(call_off, member)).json()
    asked = (await calloff.client.post(f"/call-offs/{call_off['id']}/clarifications",
                                       json={"question": "When?"}, headers=member.headers)).json()
    known = {
        "dps_id": [str(dps.dps_id)],
        "lot_id": [str(dps.lots[0].lot_id)],
        "requirement_id": [requirement["id"], draft["requirement_id"]],
        "call_off_id": [call_off["id"], draft["id"]],
        "response_id": [response["id"]],
        "clarification_id": [asked["id"]],
    }
    report = await fuzz(
        calloff.app, calloff.client,
        callers={"commissioner": COMMISSIONER, "practitioner": PRACTITIONER,
                 "provider": member.headers},
        known_ids=known, seconds=budget_seconds() * 2 / 3,
    )
    print(f"\nfuzzed the call-off service: {report.summary()}")
    assert report.cases > 0
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
