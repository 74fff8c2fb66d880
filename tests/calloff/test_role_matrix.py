"""The call-off service's role x route matrix, generated from its OpenAPI: every route with
no token and with each role, against who may call it (docs/calloff.md "Who may call")."""

from __future__ import annotations

from tests.support.matrix import role_matrix

C, PR, A, P, OP = "commissioner", "practitioner", "auditor", "provider", "operator"
ANYONE = {C, PR, A, P, OP, "evaluator", "approver", "finance"}

EXPECTED = {
    "GET /dps": ANYONE,
    "GET /dps/{dps_id}": ANYONE,
    "GET /dps/{dps_id}/lots/{lot_id}/members": {C, A},
    "POST /requirements": {C, PR},
    "GET /requirements": {C, PR, A},
    "GET /requirements/{requirement_id}": {C, PR, A},
    "PATCH /requirements/{requirement_id}": {C, PR},
    "PUT /requirements/{requirement_id}/person": {C, PR},
    # a provider is let in, and told 404 unless a contract for it was awarded to it
    "GET /requirements/{requirement_id}/person": {C, PR, P},
    "GET /requirements/{requirement_id}/person/accesses": {C, A},
    "POST /call-offs": {C},
    "GET /call-offs": {C, PR, A, P},
    "GET /call-offs/{call_off_id}": {C, PR, A, P},
    "POST /call-offs/{call_off_id}/short-period-consents": {C},
    "POST /call-offs/{call_off_id}/publish": {C},
    "POST /call-offs/{call_off_id}/cancel": {C},
    "POST /call-offs/{call_off_id}/close": {C},
    "POST /call-offs/{call_off_id}/republish": {C},
    "GET /call-offs/{call_off_id}/invitations": {C, A},
    "GET /call-offs/{call_off_id}/audit": {C, A},
    "GET /invitations": {P},
    "POST /call-offs/{call_off_id}/decline": {P},
    "POST /call-offs/{call_off_id}/clarifications": {P},
    "GET /call-offs/{call_off_id}/clarifications": {C, PR, A, P},
    "POST /call-offs/{call_off_id}/clarifications/{clarification_id}/answer": {C},
    "POST /call-offs/{call_off_id}/responses": {P},
    "GET /call-offs/{call_off_id}/responses": {C, A, P},
    "GET /call-offs/{call_off_id}/responses/{response_id}": {C, A, P},
    "PUT /call-offs/{call_off_id}/responses/{response_id}": {P},
    "POST /call-offs/{call_off_id}/responses/{response_id}/withdraw": {P},
    "POST /operations/person-keys/rotate": {OP},
}


async def test_every_call_off_route_admits_exactly_the_roles_it_should(calloff):
    dps = await calloff.open_dps()
    await calloff.member(dps)
    requirement = await calloff.requirement(dps)
    call_off = await calloff.publish(await calloff.draft(requirement))
    report = await role_matrix(
        calloff.client, calloff.app, EXPECTED,
        path_values={"dps_id": str(dps.dps_id), "lot_id": str(dps.lots[0].lot_id),
                     "requirement_id": requirement["id"], "call_off_id": call_off["id"]},
    )
    print(f"\n{report.calls} calls\n{report.render()}")
    assert report.ok, report.render()
