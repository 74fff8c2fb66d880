"""Planning an import of existing placements: every row checked on its own, every reason a
row is refused given, and nothing imported unless every row is accepted (all or nothing).

A row is refused when it does not read as a placement (a field missing or out of bounds),
names a lot the DPS does not have, repeats a reference (in the file, or already imported),
names a buyer that is not one of the DPS's, or, to be contracted: names no provider, a
provider this service does not know (``unknown_provider``: it never joined any lot of a DPS
known here), one that is not an active member of the lot, a volume without a rate, or a
term already over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from services.contracts.domain import errors as e
from services.contracts.domain.contracts.contract import Contract
from services.contracts.domain.delegation import buyer_key
from services.contracts.domain.market import LotMembership, is_active_member
from services.contracts.domain.money import annual_value, whole_life_value
from services.contracts.domain.placements.placement import Placement, PlacementOutcome
from services.contracts.domain.placements.rows import PlacementRow
from services.contracts.domain.term import end_of_term
from shared.actors import Actor, Role, require_role
from shared.dpsview.model import KnownDps, KnownDpsStatus
from shared.events.calloff import FundingShare, PriceLine, ReferenceRate, VolumeLine
from shared.identity import provider_id_for


@dataclass(frozen=True)
class RefusedRow:
    row: int
    reference: str
    reasons: list[str]


@dataclass(frozen=True)
class PlannedPlacement:
    row: int
    placement: PlacementRow
    lot_id: UUID
    provider_id: UUID | None
    provider_name: str
    buyer: str
    volumes: list[VolumeLine]
    rates: list[PriceLine]
    reference_rates: list[ReferenceRate]

    @property
    def reference(self) -> str:
        return self.placement.reference

    @property
    def contracted(self) -> bool:
        return self.placement.transition == "contract"


@dataclass
class ImportPlan:
    dps_id: UUID
    accepted: list[PlannedPlacement] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def _reasons(error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "row"
        out.append(f"{where}: {item['msg']}")
    return out


def plan_import(
    dps: KnownDps,
    rows: Sequence[tuple[int, Any]],
    *,
    memberships: Iterable[LotMembership],
    providers: Mapping[UUID, str],
    already_imported: set[str],
    today: date,
    by: Actor,
    refused: Sequence[RefusedRow] = (),
) -> ImportPlan:
    """Check every row (``refused``: rows the file's reader already refused)."""
    require_role(by, Role.COMMISSIONER)
    if dps.status is not KnownDpsStatus.OPEN:
        raise e.DpsNotOpen(
            f"{dps.name} is {dps.status.value}: placements are moved onto an open DPS."
        )
    plan = ImportPlan(dps.id, refused=list(refused))
    members = list(memberships)
    lots = {lot.code.casefold(): lot for lot in dps.lots}
    buyers = {buyer_key(b): b for b in dps.buyer_organisations}
    seen: dict[str, int] = {}
    for number, raw in rows:
        reference = str(raw.get("reference", ""))[:60] if isinstance(raw, Mapping) else ""
        if not isinstance(raw, Mapping):
            plan.refused.append(RefusedRow(number, "", ["a row is an object of named fields"]))
            continue
        try:
            row = PlacementRow.model_validate(raw)
        except ValidationError as error:
            reasons = _reasons(error)
            code = raw.get("lot_code")
            if isinstance(code, str) and code and code.casefold() not in lots:
                reasons.append(_unknown_lot(code, dps))
            plan.refused.append(RefusedRow(number, reference, reasons))
            continue
        reasons: list[str] = []
        key = row.reference.casefold()
        if key in seen:
            reasons.append(f"reference {row.reference} is also on row {seen[key]}")
        else:
            seen[key] = number
        if row.reference in already_imported:
            reasons.append(f"reference {row.reference} was already imported into this DPS")
        lot = lots.get(row.lot_code.casefold())
        if lot is None:
            reasons.append(_unknown_lot(row.lot_code, dps))
        buyer = buyers.get(buyer_key(row.buyer)) if row.buyer else dps.buyer_organisations[0]
        if buyer is None:
            reasons.append(
                f"buyer {row.buyer} is not a buyer of {dps.name}"
                f" ({', '.join(dps.buyer_organisations)})"
            )
        volumes = [
            VolumeLine(element=x.element, unit=x.unit, band=x.band,
                       quantity_per_week=x.quantity_per_week)
            for x in row.lines
        ]
        rates = [
            PriceLine(element=x.element, unit=x.unit, band=x.band, amount=x.rate)
            for x in row.lines if x.rate is not None
        ]
        provider_id = _provider_id(row)
        provider_name = ""
        if row.transition == "contract":
            provider_name = _check_contract(row, provider_id, lot.lot_id if lot else None,
                                            members, providers, today, reasons)
        if reasons:
            plan.refused.append(RefusedRow(number, row.reference, reasons))
            continue
        assert lot is not None and buyer is not None
        reference_rates = [
            ReferenceRate(element=r.element, unit=r.unit, band=r.band,  # type: ignore[arg-type]
                          min_amount=r.min_amount, max_amount=r.max_amount)
            for r in dps.reference_rates(lot.lot_id, row.start_on)
        ]
        plan.accepted.append(PlannedPlacement(
            row=number, placement=row, lot_id=lot.lot_id, provider_id=provider_id,
            provider_name=provider_name or row.incumbent_name, buyer=buyer,
            volumes=volumes, rates=rates, reference_rates=reference_rates[:10],
        ))
    return plan


def _unknown_lot(code: str, dps: KnownDps) -> str:
    return (f"lot {code} is not a lot of {dps.name}"
            f" (its lots: {', '.join(sorted(lot.code for lot in dps.lots))})")


def referenced_providers(rows: Iterable[tuple[int, Any]]) -> set[UUID]:
    """The providers the rows name, so their names can be looked up before planning."""
    out = set()
    for _, raw in rows:
        if not isinstance(raw, Mapping):
            continue
        try:
            if raw.get("provider_id"):
                out.add(UUID(str(raw["provider_id"])))
            elif isinstance(raw.get("provider_organisation"), str):
                out.add(provider_id_for(raw["provider_organisation"]))
        except ValueError:
            continue
    return out


def _provider_id(row: PlacementRow) -> UUID | None:
    if row.provider_id is not None:
        return row.provider_id
    if row.provider_organisation is not None:
        return provider_id_for(row.provider_organisation)
    return None


def _check_contract(
    row: PlacementRow, provider_id: UUID | None, lot_id: UUID | None,
    members: list[LotMembership], providers: Mapping[UUID, str], today: date,
    reasons: list[str],
) -> str:
    """The reasons a row cannot become a contract; the provider's name if it can."""
    if row.provider_id is not None and row.provider_organisation is not None:
        reasons.append("give provider_id or provider_organisation, not both")
    if provider_id is None:
        reasons.append(
            "a placement to be contracted names its provider (provider_id or"
            " provider_organisation); an incumbent that did not join the DPS is re-procured"
            " (transition: reprocure)"
        )
    elif provider_id not in providers:
        reasons.append(
            f"unknown provider {row.provider_id or row.provider_organisation}: it is not a"
            " member of any DPS known here (an incumbent that did not join is re-procured:"
            " transition: reprocure)"
        )
    elif lot_id is not None and not is_active_member(members, provider_id, lot_id):
        reasons.append(
            f"{providers[provider_id]} is not an active member of lot {row.lot_code}"
        )
    unpriced = [x for x in row.lines if x.rate is None]
    if unpriced:
        reasons.append(
            "every line of a contracted placement needs its rate (none for "
            + ", ".join(x.element for x in unpriced) + ")"
        )
    if end_of_term(row.start_on, row.initial_term_months) < today:
        reasons.append("the initial term would already be over")
    return providers.get(provider_id, "") if provider_id else ""


def carry_out(
    plan: ImportPlan, dps: KnownDps, *, import_id: UUID, now: datetime, by: Actor
) -> list[tuple[Placement, Contract | None]]:
    """The placements (and contracts) an accepted plan makes; re-procurements requested."""
    require_role(by, Role.COMMISSIONER)
    out: list[tuple[Placement, Contract | None]] = []
    for planned in plan.accepted:
        row = planned.placement
        placement = Placement(
            import_id=import_id, dps_id=dps.id, lot_id=planned.lot_id, reference=row.reference,
            incumbent_name=row.incumbent_name, provider_id=planned.provider_id,
            outcome=(PlacementOutcome.CONTRACTED if planned.contracted
                     else PlacementOutcome.REPROCUREMENT_REQUESTED),
            need_band=row.need_band, postcode_district=row.postcode_district,
            funding_route=row.funding_route, volumes=planned.volumes, rates=planned.rates,
            start_on=row.start_on, current_end_on=row.current_end_on, imported_at=now,
            imported_by=by.id,
        )
        contract = None
        if planned.contracted:
            assert planned.provider_id is not None
            annual = annual_value(planned.rates, planned.volumes)
            term = row.initial_term_months + sum(row.extension_months)
            contract = Contract.transitioned(
                placement_id=placement.id, placement_reference=row.reference, now=now,
                dps_id=dps.id, lot_id=planned.lot_id, provider_id=planned.provider_id,
                provider_name=planned.provider_name, regime=dps.regime,
                buyer_organisation=planned.buyer, funding_route=row.funding_route,
                funding_shares=[FundingShare(buyer=planned.buyer, share_percent=Decimal(100))],
                start_on=row.start_on, initial_term_months=row.initial_term_months,
                extension_months=row.extension_months, rates=planned.rates,
                volumes=planned.volumes, reference_rates=planned.reference_rates,
                annual_value=annual, whole_life_value=whole_life_value(annual, term),
            )
            placement.contract_id = contract.id
        else:
            placement.request_reprocurement()
        out.append((placement, contract))
    return out
