"""The seed DPSs in shared/demo/examples/ (what a person, the demo or a test posts through
the API) are accepted as they are, and open."""

from __future__ import annotations

import pytest

from shared.demo import examples
from tests.registry.api_support import COMMISSIONER

pytestmark = pytest.mark.nats


def test_there_is_an_example_for_each_council_report():
    assert {name.split("-")[0] for name in examples.NAMES} == {"kent", "sefton", "staffordshire"}


@pytest.mark.parametrize("example", examples.NAMES)
async def test_each_example_dps_is_set_up_and_opened_through_the_api(registry, example):
    created = await registry.client.post("/dps", json=examples.load(example),
                                         headers=COMMISSIONER)
    assert created.status_code == 201, created.text
    opened = await registry.client.post(f"/dps/{created.json()['id']}/open",
                                        headers=COMMISSIONER)
    assert opened.status_code == 200, opened.text
