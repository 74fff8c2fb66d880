"""The seed DPSs in docs/examples/ (what a person or a demo posts through the API) are
accepted as they are, and open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.registry.api_support import COMMISSIONER

pytestmark = pytest.mark.nats

EXAMPLES = sorted((Path(__file__).parents[2] / "docs" / "examples").glob("*.json"))


def test_there_is_an_example_for_each_council_report():
    assert {p.stem.split("-")[0] for p in EXAMPLES} == {"kent", "sefton", "staffordshire"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
async def test_each_example_dps_is_set_up_and_opened_through_the_api(registry, example):
    created = await registry.client.post("/dps", json=json.loads(example.read_text()),
                                         headers=COMMISSIONER)
    assert created.status_code == 201, created.text
    opened = await registry.client.post(f"/dps/{created.json()['id']}/open",
                                        headers=COMMISSIONER)
    assert opened.status_code == 200, opened.text
