"""The role x route matrix of a service, generated from its own OpenAPI.

``role_matrix(client, app, expected)`` calls every operation the app documents once with no
token and once with a token of each role, and compares each answer with ``expected``
(``"METHOD /path/{template}" -> roles allowed``, or ``PUBLIC``): no token is 401 unless the
route is public; a role not allowed is 403; an allowed role is neither 401 nor 403; nothing
is ever 5xx. A documented route missing from ``expected`` (a new route nobody decided on)
and an expectation for a route that does not exist both fail, so the matrix stays complete.

Bodies are ``{}`` and path ids are random unless ``path_values`` names real ones: the matrix
checks who is let in, and a refusal must come before anything about the record is told.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from uuid import uuid4

import httpx
from fastapi import FastAPI

from shared.actors import TOKEN_ROLES
from tests.support.services import bearer

PUBLIC = "public"
NO_TOKEN = "no token"
ROLES = sorted(r.value for r in TOKEN_ROLES)


@dataclass
class MatrixReport:
    calls: int = 0
    wrong: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    table: list[tuple[str, dict[str, int]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.wrong or self.undecided or self.stale)

    def render(self) -> str:
        head = "route".ljust(60) + " ".join(c[:6].rjust(6) for c in [NO_TOKEN, *ROLES])
        rows = [
            route.ljust(60) + " ".join(str(got[c]).rjust(6) for c in [NO_TOKEN, *ROLES])
            for route, got in self.table
        ]
        problems = [*self.wrong, *(f"undecided: {u}" for u in self.undecided),
                    *(f"stale: {s}" for s in self.stale)]
        return "\n".join([head, *rows, *problems])


def _path(template: str, values: Mapping[str, str]) -> str:
    path = template
    while "{" in path:
        name = path[path.index("{") + 1 : path.index("}")]
        path = path.replace("{" + name + "}", values.get(name, str(uuid4())))
    return path


def _verdict(caller: str, allowed: Collection[str], status: int) -> str | None:
    if status >= 500:
        return "a server error"
    if caller == NO_TOKEN:
        if PUBLIC in allowed:
            return "401 on a public route" if status == 401 else None
        return None if status == 401 else "not 401 without a token"
    if PUBLIC in allowed or caller in allowed:
        return f"{status} for an allowed role" if status in (401, 403) else None
    return None if status == 403 else "not 403 for a role not allowed"


async def role_matrix(
    client: httpx.AsyncClient,
    app: FastAPI,
    expected: Mapping[str, Collection[str]],
    *,
    path_values: Mapping[str, str] | None = None,
    organisation: Mapping[str, str] | None = None,
) -> MatrixReport:
    """Try every documented operation with no token and each role; see the module doc."""
    report = MatrixReport()
    orgs = {"provider": "matrix-provider-ltd", **(organisation or {})}
    callers = {NO_TOKEN: {}, **{r: bearer(r, organisation=orgs.get(r, "staffordshire-cc"))
                                for r in ROLES}}
    documented = set()
    for template, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            route = f"{method.upper()} {template}"
            documented.add(route)
            if route not in expected:
                report.undecided.append(route)
                continue
            allowed = set(expected[route])
            body = {} if "requestBody" in operation else None
            got: dict[str, int] = {}
            for caller, headers in callers.items():
                response = await client.request(
                    method.upper(), _path(template, path_values or {}), headers=headers,
                    json=body,
                )
                report.calls += 1
                got[caller] = response.status_code
                wrong = _verdict(caller, allowed, response.status_code)
                if wrong:
                    report.wrong.append(f"{route} as {caller}: {wrong} ({response.status_code})")
            report.table.append((route, got))
    report.stale = sorted(set(expected) - documented)
    return report
