"""Steps in the registry: set up and open a DPS, register a provider, apply, admit."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from shared.demo.client import ApiError, Caller, CareDps
from shared.identity import provider_id_for


async def open_dps(system: CareDps, council: Caller, body: dict[str, Any]) -> dict[str, Any]:
    """Draft the DPS and open it; the answer is the open DPS."""
    drafted = await system.call("registry", "POST", "/dps", council, json=body)
    opened: dict[str, Any] = await system.call(
        "registry", "POST", f"/dps/{drafted['id']}/open", council
    )
    return opened


async def register(
    system: CareDps, provider: Caller, name: str, *, number: int, areas: list[str],
    cqc: bool = True,
) -> dict[str, Any]:
    """The provider registers its organisation (once; again is the same record)."""
    body = {
        "organisation": provider.organisation,
        "name": name,
        "companies_house_number": f"{number % 100_000_000:08d}",
        "cqc_provider_id": f"1-{number % 1_000_000_000:09d}" if cqc else None,
        "areas_served": areas,
    }
    try:
        found: dict[str, Any] = await system.call("registry", "POST", "/providers", provider,
                                                  json=body)
        return found
    except ApiError as refused:
        if refused.status != 409:
            raise
    provider_id = provider_id_for(provider.organisation)
    known: dict[str, Any] = await system.get("registry", f"/providers/{provider_id}", provider)
    return known


def application(
    dps: dict[str, Any], lot_codes: list[str] | None = None, expires_on: date | None = None
) -> dict[str, Any]:
    """An application to the lots named (default: every lot taking applications), each
    question answered as the lot requires and each required document declared (valid until
    ``expires_on``; by default 31 December three years on, by the wall clock)."""
    lots = [lot for lot in dps["lots"]
            if (lot_codes is None and lot["accepting_applications"])
            or (lot_codes is not None and lot["code"] in lot_codes)]
    kinds = dict.fromkeys(d["document_type"] for lot in lots for d in lot["required_documents"])
    expires = (expires_on or date(date.today().year + 3, 12, 31)).isoformat()
    return {
        "dps_id": dps["id"],
        "lot_ids": [lot["id"] for lot in lots],
        "answers": [{"question_id": q["id"], "answer": q["pass_answer"]}
                    for lot in lots for q in lot["questions"]],
        "documents": [
            {"document_type": kind, "title": kind.replace("_", " ").capitalize(),
             "content_sha256": hashlib.sha256(kind.encode()).hexdigest(), "expires_on": expires}
            for kind in kinds
        ],
    }


async def apply(
    system: CareDps, provider: Caller, dps: dict[str, Any], lot_codes: list[str] | None = None,
    expires_on: date | None = None,
) -> dict[str, Any]:
    """Apply (or find the live application already made, if an answer was lost)."""
    try:
        made: dict[str, Any] = await system.call(
            "registry", "POST", "/applications", provider,
            json=application(dps, lot_codes, expires_on),
        )
        return made
    except ApiError as refused:
        if refused.code != "second_live_application":
            raise
    live = await system.get("registry", "/applications", provider, dps_id=dps["id"],
                            status="submitted")
    found: dict[str, Any] = live["items"][0]
    return found


async def admit(system: CareDps, council: Caller, application_id: str) -> dict[str, Any]:
    """Admit to every lot applied for (a decision already made is left as it is)."""
    try:
        decided: dict[str, Any] = await system.call(
            "registry", "POST", f"/applications/{application_id}/admit", council,
            json={"why": "Meets the lot's selection criteria."},
        )
        return decided
    except ApiError as refused:
        if refused.status != 409:
            raise
    found: dict[str, Any] = await system.get("registry", f"/applications/{application_id}",
                                             council)
    return found


async def memberships(system: CareDps, reader: Caller, dps_id: str) -> list[dict[str, Any]]:
    return await system.all_pages("registry", "/memberships", reader, dps_id=dps_id)
