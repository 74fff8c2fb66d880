"""The evaluation service's role x route matrix, generated from its OpenAPI: every route with
no token and with each role, against who may call it (docs/evaluation.md "Who may call")."""

from __future__ import annotations

import pytest

from tests.evaluation.api_support import Service
from tests.evaluation.factories import opened, staffordshire_terms
from tests.support.matrix import ROLES, role_matrix

pytestmark = pytest.mark.nats

C, A, E, P = "commissioner", "auditor", "evaluator", "provider"
ANYONE_SIGNED_IN = set(ROLES)
EVALUATION = "/evaluations/{evaluation_id}"

EXPECTED = {
    "GET /evaluations": {C, A, E},
    f"GET {EVALUATION}": {C, A, E},
    f"GET {EVALUATION}/report": {C, A},
    f"PUT {EVALUATION}/scale": {C},
    f"POST {EVALUATION}/evaluators": {C},
    f"DELETE {EVALUATION}/evaluators/{{evaluator_id}}": {C},
    f"PUT {EVALUATION}/moderator": {C},
    f"POST {EVALUATION}/conflicts": {E, C},
    f"GET {EVALUATION}/responses": {C, A, E},
    f"POST {EVALUATION}/scores": {E},
    f"GET {EVALUATION}/scores": {C, A, E},
    f"POST {EVALUATION}/moderation": {E, C},
    f"POST {EVALUATION}/responses/{{response_id}}/clarification": {C},
    f"POST {EVALUATION}/complete": {C},
    f"POST {EVALUATION}/summaries": {C},
    f"GET {EVALUATION}/summaries": {C, A},
    f"GET {EVALUATION}/summaries/{{provider_id}}": {C, A, P},
    "GET /summaries": {P},
    # What the service knows of each DPS is what the registry publishes about it.
    "GET /dps": ANYONE_SIGNED_IN,
    "GET /dps/{dps_id}": ANYONE_SIGNED_IN,
    "GET /dps/{dps_id}/regime": ANYONE_SIGNED_IN,
}


async def test_every_evaluation_route_admits_exactly_the_roles_it_should(service: Service):
    terms = staffordshire_terms()
    response = opened(terms)
    evaluation_id = await service.close(terms, [response])
    report = await role_matrix(
        service.client, service.app, EXPECTED,
        path_values={"evaluation_id": evaluation_id, "response_id": str(response.response_id),
                     "provider_id": str(response.provider_id), "evaluator_id": "evaluator-1"},
    )
    print(f"\n{report.calls} calls\n{report.render()}")
    assert report.ok, report.render()
