"""An existing placement brought onto the DPS by an import: contracted with its incumbent,
or marked for re-procurement (``ReprocurementRequested``: the call-off service raises a
requirement draft from it; the practitioner adds the person's details there)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from shared.domain import AggregateRoot
from shared.events.calloff import PriceLine, VolumeLine
from shared.events.contracts import ReprocurementRequested


class PlacementOutcome(StrEnum):
    CONTRACTED = "contracted"
    REPROCUREMENT_REQUESTED = "reprocurement_requested"


class Placement(AggregateRoot):
    def __init__(
        self, *, import_id: UUID, dps_id: UUID, lot_id: UUID, reference: str,
        incumbent_name: str, provider_id: UUID | None, outcome: PlacementOutcome,
        need_band: str, postcode_district: str, funding_route: str,
        volumes: Sequence[VolumeLine], rates: Sequence[PriceLine], start_on: date,
        current_end_on: date | None, imported_at: datetime, imported_by: str,
        contract_id: UUID | None = None, id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.import_id = import_id
        self.dps_id = dps_id
        self.lot_id = lot_id
        self.reference = reference
        self.incumbent_name = incumbent_name
        self.provider_id = provider_id
        self.outcome = outcome
        self.contract_id = contract_id
        self.need_band = need_band
        self.postcode_district = postcode_district.upper()
        self.funding_route = funding_route
        self.volumes = list(volumes)
        self.rates = list(rates)
        self.start_on = start_on
        self.current_end_on = current_end_on
        self.imported_at = imported_at
        self.imported_by = imported_by

    def request_reprocurement(self) -> None:
        self.record(ReprocurementRequested(
            occurred_at=self.imported_at, placement_id=self.id, dps_id=self.dps_id,
            lot_id=self.lot_id, incumbent_name=self.incumbent_name, need_band=self.need_band,
            postcode_district=self.postcode_district, volumes=self.volumes,
            current_end_on=self.current_end_on,
        ))
