"""The answers the registry keeps rendered in its store (``shared.documents``), and reads."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request
from sqlalchemy import bindparam, select

from services.registry.api.models.dps import DpsRead
from services.registry.domain.dps import Dps
from services.registry.store import tables as t
from shared.documents import DocumentSpec


def render_dps(dps: Dps) -> dict[str, Any]:
    """A DPS's answer to GET /dps/{id}, with the status its visibility depends on."""
    return {"status": dps.status, "body": DpsRead.model_validate(dps).model_dump_json()}


DOCUMENTS = (DocumentSpec(Dps, t.dps_documents, render_dps, key="dps_id"),)

_DPS_DOCUMENT = select(t.dps_documents.c.status, t.dps_documents.c.body).where(
    t.dps_documents.c.dps_id == bindparam("dps_id")
)


async def dps_document(request: Request, dps_id: UUID) -> Any:
    """(status, body) of the DPS's stored answer, or None (no such DPS, or none kept yet)."""
    return await request.app.state.runtime.reads.one(_DPS_DOCUMENT, {"dps_id": dps_id})
