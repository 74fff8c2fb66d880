"""The registry's role x route matrix, generated from its OpenAPI: every route with no token
and with each role, against who may call it (docs/registry.md "Who may call")."""

from __future__ import annotations

import pytest

from tests.support.matrix import PUBLIC, role_matrix

pytestmark = pytest.mark.nats

C, P, A = "commissioner", "provider", "auditor"
READERS = {C, A, P}  # what a provider reads is narrowed to its own organisation's records

EXPECTED = {
    "POST /dps": {C},
    "GET /dps": {C, A},
    "GET /dps/{dps_id}": READERS,
    "POST /dps/{dps_id}/open": {C},
    "POST /dps/{dps_id}/close": {C},
    "POST /dps/{dps_id}/extensions": {C},
    "POST /dps/{dps_id}/lots": {C},
    "GET /dps/{dps_id}/lots/{lot_id}": READERS,
    "POST /dps/{dps_id}/lots/{lot_id}/questions": {C},
    "POST /dps/{dps_id}/lots/{lot_id}/documents": {C},
    "POST /dps/{dps_id}/lots/{lot_id}/rate-cards": {C},
    "POST /dps/{dps_id}/lots/{lot_id}/stop-admissions": {C},
    "POST /dps/{dps_id}/lots/{lot_id}/resume-admissions": {C},
    "POST /dps/{dps_id}/criteria": {C},
    "POST /dps/{dps_id}/windows": {C},
    "POST /dps/{dps_id}/windows/{window_id}/close": {C},
    "POST /providers": {P, C},
    "GET /providers": READERS,
    "GET /providers/{provider_id}": READERS,
    "PATCH /providers/{provider_id}": {P},
    "PUT /providers/{provider_id}/areas": {P},
    "PUT /providers/{provider_id}/capacity": {P},
    "POST /providers/{provider_id}/documents": {P},
    "POST /providers/{provider_id}/contacts": {P},
    "PUT /providers/{provider_id}/contacts/{contact_id}": {P},
    "DELETE /providers/{provider_id}/contacts/{contact_id}": {P},
    "POST /applications": {P},
    "GET /applications": READERS,
    "GET /applications/overdue": {C, A},
    "GET /applications/{application_id}": READERS,
    "POST /applications/{application_id}/review": {C},
    "POST /applications/{application_id}/extend": {C},
    "POST /applications/{application_id}/admit": {C},
    "POST /applications/{application_id}/reject": {C},
    "POST /applications/{application_id}/withdraw": {P},
    "GET /memberships": READERS,
    "GET /memberships/{membership_id}": READERS,
    "POST /memberships/{membership_id}/suspend": {C},
    "POST /memberships/{membership_id}/reinstate": {C},
    "POST /memberships/{membership_id}/remove": {C, P},
    "POST /memberships/{membership_id}/redeclare": {P},
    "POST /dps/{dps_id}/lots/{lot_id}/redeclaration-requests": {C},
    "GET /dps/{dps_id}/audit": {C, A},
    "GET /dps/{dps_id}/audit.csv": {C, A},
    "GET /public/dps": {PUBLIC},
    "GET /public/dps/{dps_id}": {PUBLIC},
}


async def test_every_registry_route_admits_exactly_the_roles_it_should(registry):
    dps = await registry.open_dps()
    report = await role_matrix(
        registry.client, registry.app, EXPECTED,
        path_values={"dps_id": dps["id"], "lot_id": dps["lots"][0]["id"]},
    )
    print(f"\n{report.calls} calls\n{report.render()}")
    assert report.ok, report.render()
