"""schemathesis on the contracts service's whole API, on PostgreSQL in CI, as a commissioner,
an approver, a provider and finance, with real awards, contracts, schemes and placements to
aim at: no 5xx, no answer outside its documented schema."""

from __future__ import annotations

import pytest

from tests.support.databases import POSTGRES_URL
from tests.support.fuzz import budget_seconds, fuzz

from .api_support import COMMISSIONER, FINANCE, approver, provider
from .factories import Bid, Evaluation, dps_opened, rate_card, supported_living_terms

pytestmark = pytest.mark.slow


async def test_the_contracts_api_never_fails_and_always_answers_as_documented(
    contracts, backend
):
    if backend == "sqlite" and POSTGRES_URL:
        pytest.skip("fuzzed on PostgreSQL, where the stricter store finds more")
    terms = supported_living_terms()
    await contracts.apply(dps_opened(dps_id=terms.dps_id, lot_id=terms.lot_id),
                          rate_card(terms.dps_id, terms.lot_id))
    scheme = await contracts.scheme()
    signed = await contracts.evaluated(Evaluation(terms, [Bid("fuzz-care", 1)]))
    await contracts.approve(signed["id"])
    contract = await contracts.accept(signed["id"], "fuzz-care")
    pending = await contracts.evaluated(Evaluation(supported_living_terms(
        dps_id=terms.dps_id, lot_id=terms.lot_id), [Bid("fuzz-care", 1), Bid("other-care", 2)]))
    imported = await contracts.client.post(
        f"/placements/import?dps_id={terms.dps_id}", headers=COMMISSIONER, json={"rows": [{
            "reference": "FZ-1", "lot_code": "SL", "transition": "reprocure",
            "incumbent_name": "Old Care", "need_band": "low", "postcode_district": "ST16",
            "start_on": "2027-04-01", "initial_term_months": 12,
            "lines": [{"element": "support", "unit": "hour", "quantity_per_week": "10"}]}]})
    assert imported.status_code == 201, imported.text
    feed = (await contracts.client.get("/ocds/releases?limit=1000")).json()["releases"]
    notices = (await contracts.client.get("/notices?limit=200", headers=COMMISSIONER)).json()
    known = {
        "release_id": [r["id"] for r in feed][:5],
        "ocid": sorted({r["ocid"] for r in feed}),
        "notice_id": [n["id"] for n in notices["items"]][:5],
        "dps_id": [str(terms.dps_id)],
        "award_id": [signed["id"], pending["id"]],
        "contract_id": [contract["id"]],
        "scheme_id": [scheme["id"]],
        "placement_id": [imported.json()["accepted"][0]["placement_id"]],
    }
    report = await fuzz(
        contracts.app, contracts.client, known_ids=known,
        seconds=budget_seconds() * 2 / 3,  # about 40 s of the suite's 60
        callers={"commissioner": COMMISSIONER, "approver": approver("1000000"),
                 "provider": provider("fuzz-care"), "finance": FINANCE},
    )
    print(f"\nfuzzed the contracts service: {report.summary()}")
    assert report.cases > 0
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
