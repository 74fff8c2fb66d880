"""Placement imports and placements as read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from services.contracts.api.models.base import RateRead, Read, VolumeRead
from services.contracts.domain import limits as n
from services.contracts.domain.placements.placement import PlacementOutcome
from services.contracts.domain.placements.rows import PlacementRow


class ImportJson(BaseModel):
    """A JSON import: the placements, each with its lines (checked row by row)."""

    rows: list[PlacementRow] = Field(max_length=n.IMPORT_ROWS)


class AcceptedRowRead(Read):
    row: int
    reference: str
    transition: str
    placement_id: UUID | None
    contract_id: UUID | None


class RefusedRowRead(Read):
    row: int
    reference: str
    reasons: list[str]


class ImportReportRead(Read):
    dps_id: UUID
    dry_run: bool
    imported: bool
    import_id: UUID | None
    rows: int
    accepted: list[AcceptedRowRead]
    refused: list[RefusedRowRead]


class PlacementRead(Read):
    id: UUID
    import_id: UUID
    dps_id: UUID
    lot_id: UUID
    reference: str
    incumbent_name: str
    provider_id: UUID | None
    outcome: PlacementOutcome
    contract_id: UUID | None
    need_band: str
    postcode_district: str
    funding_route: str
    volumes: list[VolumeRead]
    rates: list[RateRead]
    start_on: date
    current_end_on: date | None
    imported_at: datetime
    imported_by: str


CSV_EXAMPLE = (
    "reference,lot_code,transition,incumbent_name,provider_organisation,need_band,"
    "postcode_district,start_on,initial_term_months,extension_months,element,unit,"
    "quantity_per_week,rate\n"
    "SL-0001,SL,contract,Bright Futures Care Ltd,bright-futures-care,complex,ST16,"
    "2027-04-01,36,12;12,support,hour,84,14.20\n"
)


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by what it names (the route's body is
    documented by hand, outside the components FastAPI collects)."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inlined(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inlined(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inlined(v, defs) for v in schema]
    return schema


def import_request_body() -> dict[str, Any]:
    """The route's documented body: JSON rows, or the same as CSV."""
    schema = ImportJson.model_json_schema()
    return {
        "required": True,
        "content": {
            "application/json": {"schema": _inlined(schema, schema.get("$defs", {}))},
            "text/csv": {"schema": {"type": "string", "maxLength": 1_048_576},
                         "example": CSV_EXAMPLE},
        },
    }
