"""Importing existing placements (all or nothing), and reading what was imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from services.contracts.domain import errors as e
from services.contracts.domain.placements.importing import (
    ImportPlan,
    carry_out,
    plan_import,
    referenced_providers,
)
from services.contracts.domain.placements.placement import Placement, PlacementOutcome
from services.contracts.handlers.placement_files import ImportFile
from services.contracts.store import ContractsUnitOfWork
from shared.actors import Actor
from shared.clock import Clock
from shared.paging import Page, PageRequest
from shared.workdays import local_date


@dataclass
class AcceptedRow:
    row: int
    reference: str
    transition: str
    placement_id: UUID | None = None
    contract_id: UUID | None = None


@dataclass
class ImportReport:
    dps_id: UUID
    dry_run: bool
    imported: bool
    import_id: UUID | None
    rows: int
    accepted: list[AcceptedRow] = field(default_factory=list)
    refused: list[dict[str, object]] = field(default_factory=list)


def _report(plan: ImportPlan, *, dry_run: bool, imported: bool,
            import_id: UUID | None) -> ImportReport:
    return ImportReport(
        dps_id=plan.dps_id, dry_run=dry_run, imported=imported, import_id=import_id,
        rows=len(plan.accepted) + len(plan.refused),
        accepted=[AcceptedRow(p.row, p.reference, p.placement.transition)
                  for p in sorted(plan.accepted, key=lambda p: p.row)],
        refused=[{"row": r.row, "reference": r.reference, "reasons": r.reasons}
                 for r in sorted(plan.refused, key=lambda r: r.row)],
    )


async def import_placements(
    dps_id: UUID, file: ImportFile, *, dry_run: bool, uow: ContractsUnitOfWork, clock: Clock,
    actor: Actor,
) -> ImportReport:
    """Check every row; import them all (contracts, re-procurement requests) or none."""
    now = clock.now()
    async with uow:
        dps = await uow.dps.get(dps_id)
        providers = await uow.market.provider_names(referenced_providers(file.rows))
        plan = plan_import(
            dps, file.rows, memberships=await uow.market.of_dps(dps_id), providers=providers,
            already_imported=await uow.placements.references(dps_id), today=local_date(now),
            by=actor, refused=file.refused,
        )
        if not plan.ok:
            report = _report(plan, dry_run=dry_run, imported=False, import_id=None)
            raise e.ImportRefused(
                f"{len(plan.refused)} of {report.rows} rows refused: nothing was imported."
                " Correct them and send the whole file again.",
                rows=report.rows, accepted=[vars(a) for a in report.accepted],
                refused=report.refused,
            )
        if dry_run:
            return _report(plan, dry_run=True, imported=False, import_id=None)
        import_id = uuid4()
        made = carry_out(plan, dps, import_id=import_id, now=now, by=actor)
        for placement, contract in made:
            uow.placements.add(placement)
            if contract is not None:
                uow.contracts.add(contract)
        await uow.commit()
    report = _report(plan, dry_run=False, imported=True, import_id=import_id)
    by_reference = {placement.reference: (placement, contract) for placement, contract in made}
    for accepted in report.accepted:
        placement, contract = by_reference[accepted.reference]
        accepted.placement_id = placement.id
        accepted.contract_id = contract.id if contract else None
    return report


async def get_placement(placement_id: UUID, uow: ContractsUnitOfWork) -> Placement:
    async with uow:
        return await uow.placements.get(placement_id)


async def list_placements(
    uow: ContractsUnitOfWork, page: PageRequest, *, dps_id: UUID | None = None,
    outcome: PlacementOutcome | None = None, import_id: UUID | None = None,
) -> Page[Placement]:
    async with uow:
        return await uow.placements.page(page, dps_id=dps_id, outcome=outcome,
                                         import_id=import_id)
