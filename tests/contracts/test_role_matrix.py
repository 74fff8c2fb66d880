"""The contracts service's role x route matrix, generated from its OpenAPI: every route with
no token and with each role, against who may call it (docs/contracts.md "Who may call")."""

from __future__ import annotations

from shared.actors import TOKEN_ROLES
from tests.support.matrix import PUBLIC, role_matrix

from .factories import dps_opened as opened
from .factories import supported_living_terms

C, P, A, F, AP = "commissioner", "provider", "auditor", "finance", "approver"
ANYONE = {r.value for r in TOKEN_ROLES}
AWARD_READERS = {AP, C, A, P}  # a provider: only awards offered to it
CONTRACT_READERS = {C, F, A, P}  # a provider: only its own contracts

EXPECTED = {
    "GET /dps": ANYONE,
    "GET /dps/{dps_id}": ANYONE,
    "GET /awards": AWARD_READERS,
    "GET /awards/{award_id}": AWARD_READERS,
    "POST /awards/{award_id}/approve": {AP},
    "POST /awards/{award_id}/accept": {P},
    "POST /awards/{award_id}/decline": {P},
    "GET /delegation-schemes": {C, AP, A},
    "POST /delegation-schemes": {C},
    "GET /delegation-schemes/{scheme_id}": {C, AP, A},
    "PUT /delegation-schemes/{scheme_id}": {C},
    "GET /contracts": CONTRACT_READERS,
    "GET /contracts/{contract_id}": CONTRACT_READERS,
    "POST /contracts/{contract_id}/extensions": {C},
    "POST /contracts/{contract_id}/variations": {C},
    "POST /contracts/{contract_id}/terminate": {C},
    "GET /contracts/{contract_id}/kpis": CONTRACT_READERS,
    "POST /contracts/{contract_id}/kpis": {C},
    "POST /placements/import": {C},
    "GET /placements": {C, A},
    "GET /placements/{placement_id}": {C, A},
    "PUT /budgets": {C},
    "GET /budgets": {C, F, A},
    "GET /spend": {C, F, A},
    "GET /ocds/releases": {PUBLIC},
    "GET /ocds/releases/{release_id}": {PUBLIC},
    "GET /ocds/records": {PUBLIC},
    "GET /ocds/records/{ocid}": {PUBLIC},
    "GET /notices": {C, A},
    "GET /notices/overdue": {C, A},
    "GET /notices/{notice_id}": {C, A},
    "PUT /dps/{dps_id}/award-notice-grouping": {C},
}


async def test_every_contracts_route_admits_exactly_the_roles_it_should(contracts):
    terms = supported_living_terms()
    await contracts.apply(opened(dps_id=terms.dps_id, lot_id=terms.lot_id))
    report = await role_matrix(contracts.client, contracts.app, EXPECTED,
                               path_values={"dps_id": str(terms.dps_id)})
    print(f"\n{report.calls} calls\n{report.render()}")
    assert report.ok, report.render()
