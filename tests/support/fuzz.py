"""Fuzz a service's HTTP API from its own OpenAPI, in-process, with schemathesis.

``fuzz(app, client, callers=...)`` generates requests for every operation from the app's
``/openapi.json`` (valid ones, invalid ones, and valid ones aimed at records that exist),
sends each through the test's own ``httpx.AsyncClient`` on the ASGI app (so the app runs its
real lifespan, store and broker in the test's event loop), once per caller (a commissioner
and a provider token, say), and checks every answer: no 5xx, a status the operation
documents, the content type and body schema it documents. Every failure is collected
(hypothesis does not stop at the first), so one run reports them all.

Bounded for CI: ``FUZZ_SECONDS`` (default 60) is the whole run's budget, shared across the
operations, and ``FUZZ_EXAMPLES`` (default 25) the examples per operation, caller and kind of
data. Set them higher for a longer local run, e.g. ``FUZZ_SECONDS=1800 FUZZ_EXAMPLES=500``.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def budget_seconds() -> float:
    return float(os.environ.get("FUZZ_SECONDS", "60"))


def examples_per_operation() -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", "25"))


@dataclass
class FuzzReport:
    cases: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)  # one example per kind of failure
    skipped_for_time: int = 0

    def summary(self) -> str:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return f"{self.cases} cases in {self.seconds:.0f}s ({statuses})"


def _httpx_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in kwargs.items() if k in ("method", "url", "headers", "params")}
    if "data" in kwargs:
        data = kwargs["data"]
        out["content"] = data if isinstance(data, bytes | str) else json.dumps(data)
    elif "json" in kwargs:
        out["json"] = kwargs["json"]
    return out


async def fuzz(
    app: FastAPI,
    client: httpx.AsyncClient,
    *,
    callers: Mapping[str, Mapping[str, str]],
    known_ids: Mapping[str, Sequence[str]] | None = None,
    seconds: float | None = None,
    examples: int | None = None,
    exclude: Sequence[str] = ("/metrics", "/healthz", "/readyz"),
) -> FuzzReport:
    """Run the fuzzer; returns what it did and every kind of failure it met."""
    loop = asyncio.get_running_loop()
    schema = schemathesis.openapi.from_dict(app.openapi())
    deadline = time.monotonic() + (seconds if seconds is not None else budget_seconds())
    per_operation = examples if examples is not None else examples_per_operation()
    report = FuzzReport()
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in exclude]
    known = {k: list(v) for k, v in (known_ids or {}).items() if v}

    def send(case: Any, headers: Mapping[str, str]) -> httpx.Response:
        kwargs = _httpx_kwargs(case.as_transport_kwargs(base_url=str(client.base_url),
                                                         headers=dict(headers)))
        future = asyncio.run_coroutine_threadsafe(client.request(**kwargs), loop)
        return future.result(timeout=120)

    def run_one(op: Any, caller: str, headers: Mapping[str, str]) -> None:
        names = [p.name for p in op.path_parameters]
        fixed = [
            {name: st.sampled_from(known[name]) for name in names if name in known}
        ] if names and any(name in known for name in names) else []
        strategies = [op.as_strategy(GenerationMode.POSITIVE),
                      op.as_strategy(GenerationMode.NEGATIVE)]
        for ids in fixed:
            strategies.append(st.fixed_dictionaries(ids).flatmap(
                lambda chosen, op=op: op.as_strategy(GenerationMode.POSITIVE,
                                                     path_parameters=chosen)))

        @settings(max_examples=per_operation * len(strategies), deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=st.one_of(*strategies))
        def test(case: Any) -> None:
            if time.monotonic() > deadline:
                report.skipped_for_time += 1
                return
            response = send(case, headers)
            report.cases += 1
            report.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as failure:  # every failure is kept, none stops the run
                kind = f"{op.method.upper()} {op.path} as {caller}: {type(failure).__name__}" \
                       f" {response.status_code}"
                report.failures.setdefault(
                    kind, f"{str(failure)[:1500]}\nrequest: {case.as_curl_command()[:1500]}"
                    f"\nresponse: {response.text[:500]}")

        test()

    def run_all() -> None:
        for op in operations:
            for caller, headers in callers.items():
                if time.monotonic() > deadline:
                    return
                run_one(op, caller, headers)

    await asyncio.to_thread(run_all)
    report.seconds = time.monotonic() - started
    return report
