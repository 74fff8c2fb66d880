"""Every input is bounded to what the store holds: a value a column could not keep is a 422
naming the field, nothing is written, and every stored DPS can still be read back.

Each case below was a 500 before (some of them with the row saved, after which every
``GET /dps`` failed for every council user)."""

from __future__ import annotations

from typing import Any

import pytest

from services.registry.domain import limits as n
from tests.registry.api_support import COMMISSIONER, Registry, dps_body, lot_body, problem

pytestmark = pytest.mark.nats

LONG = "x" * 5000


def _rates(**rate: Any) -> dict[str, Any]:
    base = {"element": "support", "unit": "hour", "min_amount": "13.60", "max_amount": "14.75"}
    return {"effective_from": "2026-01-01", "rates": [{**base, **rate}]}


# (case, body of POST /dps, the field named)
DPS_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("name longer than its column", dps_body(name="D" * (n.NAME + 1)), "body.name"),
    ("NUL in a name", dps_body(name="Home\x00Care"), "body.name"),
    ("buyer name longer than its column", dps_body(buyers=[{"name": LONG}]),
     "body.buyers.0.name"),
    ("lot title longer than its column", dps_body(lots=[lot_body("A", title=LONG)]),
     "body.lots.0.title"),
    ("criterion name longer than its column", dps_body(criteria=[
        {"code": "q", "name": LONG, "kind": "quality", "min_weight": "1", "max_weight": "2"}]),
     "body.criteria.0.name"),
    ("rate element longer than its column",
     dps_body(lots=[lot_body("A", rate_cards=[_rates(element=LONG)])]),
     "body.lots.0.rate_cards.0.rates.0.element"),
    ("amount of 1e30", dps_body(lots=[lot_body("A", rate_cards=[_rates(max_amount="1e30")])]),
     "body.lots.0.rate_cards.0.rates.0.max_amount"),
    ("amount beyond NUMERIC(12, 2)",
     dps_body(lots=[lot_body("A", rate_cards=[_rates(max_amount="99999999999.99")])]),
     "body.lots.0.rate_cards.0.rates.0.max_amount"),
    ("fee beyond NUMERIC(12, 2)", dps_body(regime="pa2023_dynamic_market",
                                           decision_service_level_working_days=10,
                                           participation_fee="99999999999.99"),
     "body.participation_fee"),
    ("fee of 1e30", dps_body(participation_fee="1e30"), "body.participation_fee"),
    ("extension of 1e9 months", dps_body(extension_months=[1_000_000_000]),
     "body.extension_months.0"),
    ("start in 9999 plus a term", dps_body(starts_on="9999-12-01", initial_term_months=12,
                                           extension_months=[]), "body.starts_on"),
    ("term beyond 32 bits", dps_body(initial_term_months=2_147_483_648),
     "body.initial_term_months"),
    ("rate card in year 1", dps_body(lots=[lot_body("A", rate_cards=[
        {**_rates(), "effective_from": "0001-01-01"}])]),
     "body.lots.0.rate_cards.0.effective_from"),
    ("window end in year 9999", dps_body(admission_mode="windows",
                                         initial_window_ends_at="9999-12-31T23:00:00-05:00"),
     "body.initial_window_ends_at"),
]


@pytest.mark.parametrize("case", [c[0] for c in DPS_CASES])
async def test_a_dps_value_the_store_cannot_keep_is_422_naming_the_field(registry, case):
    _, body, field = next(c for c in DPS_CASES if c[0] == case)
    before = await registry.fingerprint()
    refused = problem(await registry.client.post("/dps", json=body, headers=COMMISSIONER),
                      422, "invalid_input")
    assert field in [e["field"] for e in refused["errors"]], refused
    assert await registry.fingerprint() == before
    assert (await registry.client.get("/dps", headers=COMMISSIONER)).status_code == 200


async def _provider_cases(registry: Registry) -> list[tuple[str, str, str, Any, str]]:
    dps = await registry.open_dps()
    provider = await registry.provider()
    lot = dps["lots"][0]["id"]
    document = {"document_type": "public_liability_insurance", "title": "PLI",
                "content_sha256": "a" * 64, "expires_on": "2027-01-01"}
    p = f"/providers/{provider.id}"
    return [
        ("capacity beyond 32 bits", "PUT", f"{p}/capacity",
         {"dps_id": dps["id"], "lot_id": lot, "capacity": 2_147_483_648}, "body.capacity"),
        ("document title longer than its column", "POST", f"{p}/documents",
         {**document, "title": LONG}, "body.title"),
        ("document expiring in year 1", "POST", f"{p}/documents",
         {**document, "expires_on": "0001-01-01"}, "body.expires_on"),
        ("contact email longer than its column", "POST", f"{p}/contacts",
         {"name": "Sam", "email": "s@" + "e" * 400}, "body.email"),
        ("contact phone longer than its column", "POST", f"{p}/contacts",
         {"name": "Sam", "email": "s@example.org", "phone": "0" * 100}, "body.phone"),
        ("NUL in a contact name", "POST", f"{p}/contacts",
         {"name": "Sam\x00", "email": "s@example.org"}, "body.name"),
        ("provider name longer than its column", "PATCH", p, {"name": LONG, "why": "x"},
         "body.name"),
        ("document in an application expiring in year 1", "POST", "/applications",
         {**registry.application_body(dps, ["A"]),
          "documents": [{**document, "expires_on": "0001-01-01"}]},
         "body.documents.0.expires_on"),
    ], provider


async def test_a_provider_value_the_store_cannot_keep_is_422_naming_the_field(registry):
    cases, provider = await _provider_cases(registry)
    before = await registry.fingerprint()
    for case, method, path, body, field in cases:
        answer = await registry.client.request(method, path, json=body, headers=provider.headers)
        refused = problem(answer, 422, "invalid_input")
        assert field in [e["field"] for e in refused["errors"]], (case, refused)
    assert await registry.fingerprint() == before


async def test_string_limits_of_the_api_and_the_tables_are_one_source():
    from services.registry.handlers.specs import DpsSpec, LotSpec
    from services.registry.store import tables as t

    def max_length(model: Any, name: str) -> int:
        schema = model.model_json_schema()["properties"][name]
        return int(schema["maxLength"])

    assert max_length(DpsSpec, "name") == t.dps.c.name.type.length == n.NAME
    assert max_length(LotSpec, "title") == t.lots.c.title.type.length == n.NAME
    assert max_length(LotSpec, "code") == t.lots.c.code.type.length == n.CODE
    assert t.rates.c.min_amount.type.precision == n.MONEY_DIGITS
