"""schemathesis on the registry's whole API, on the test database (PostgreSQL in CI), with a
commissioner and a provider token: no 5xx, no answer outside its documented schema."""

from __future__ import annotations

import pytest

from tests.registry.api_support import COMMISSIONER
from tests.support.databases import POSTGRES_URL
from tests.support.fuzz import fuzz

pytestmark = [pytest.mark.nats, pytest.mark.slow]


async def test_the_registry_api_never_fails_and_always_answers_as_documented(registry, backend):
    if backend == "sqlite" and POSTGRES_URL:
        pytest.skip("fuzzed on PostgreSQL, where the stricter store finds more")
    dps = await registry.open_dps()
    draft = await registry.create_dps(name="A draft")
    provider = await registry.provider()
    [membership] = await registry.admitted(provider, dps, ["A"])
    applied = (await registry.apply(provider, dps, ["B"])).json()
    known = {
        "dps_id": [dps["id"], draft["id"]],
        "lot_id": [lot["id"] for lot in dps["lots"] + draft["lots"]],
        "provider_id": [provider.id],
        "application_id": [applied["id"], membership["application_id"]],
        "membership_id": [membership["id"]],
    }
    report = await fuzz(registry.app, registry.client,
                        callers={"commissioner": COMMISSIONER, "provider": provider.headers},
                        known_ids=known)
    print(f"\nfuzzed the registry: {report.summary()}")
    assert report.cases > 0
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
