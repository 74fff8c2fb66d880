"""R22: every release and record package the feed serves, for the seeds' scenarios, passes
the official OCDS validator (libcoveocds, offline, with the lots, techniques and UK
extensions): no schema error, no value outside a closed codelist, no field the schema does
not know. Checked as served (the three extensions) and with every libcoveocds check running
(see ``ocds_tooling``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .ocds_tooling import CLEAN, Validator, problems, require_schema
from .scenarios import dynamic_market, kent, sefton, staffordshire
from .support import ocid

SCENARIOS = {
    "staffordshire": lambda: staffordshire()[1],
    "sefton": lambda: sefton()[1],
    "kent": lambda: kent()[1],
    "dynamic_market": lambda: dynamic_market()[2],
}


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    tool = Validator(require_schema())
    yield tool
    tool.close()


async def served(publication: Any) -> list[dict[str, Any]]:
    """Every package the feed serves: the pages of releases and of records (small pages, so
    paging is covered), and each release and record on its own."""
    packages = [*await publication.pages("/ocds/releases?limit=7"),
                *await publication.pages("/ocds/records?limit=2")]
    for page in await publication.pages("/ocds/records?limit=200"):
        for record in page["records"]:
            response = await publication.get(f"/ocds/records/{record['ocid']}")
            packages.append(response.json())
            for linked in record["releases"]:
                path = linked["url"].split("127.0.0.1", 1)[1].split("#")[0]
                packages.append((await publication.get(path)).json())
    return packages


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_every_package_the_feed_serves_validates_with_libcoveocds(
    publication, validator, scenario, backend
):
    if backend == "postgresql":
        pytest.skip("the output does not depend on the store: validated once, on SQLite")
    await publication.apply(*SCENARIOS[scenario]())
    publication.clock.set(publication.clock.now().replace(year=publication.clock.now().year + 1))
    await publication.tick()
    packages = await served(publication)
    assert len(packages) > 5
    for package in packages:
        kind = "records" if "records" in package else "releases"
        assert package[kind], f"an empty {kind} package: {package['uri']}"
        assert problems(validator.validate(package)) == CLEAN, package["uri"]
        as_served = validator.validate(package, complete=False)
        assert as_served["validation_errors"] == [], package["uri"]


async def test_a_package_with_a_wrong_type_fails_the_validator(publication, validator, backend):
    """The harness can fail: the validator sees into the extensions' fields."""
    if backend == "postgresql":
        pytest.skip("no store involved")
    dps, events = staffordshire()
    await publication.apply(events[0])
    [page] = await publication.pages("/ocds/releases")
    page["releases"][0]["tender"]["techniques"]["hasDynamicPurchasingSystem"] = "yes"
    page["releases"][0]["tender"]["lots"][0]["status"] = "open-for-ever"
    found = problems(validator.validate(page))
    assert [e["path"] for e in found["validation_errors"]] == [
        "releases/0/tender/techniques/hasDynamicPurchasingSystem"]
    assert found["additional_closed_codelist_values"]["releases/tender/lots/status"]["values"] \
        == ["open-for-ever"]
    assert ocid(dps.dps_id) == page["releases"][0]["ocid"]
