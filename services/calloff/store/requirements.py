"""Requirements, and the person's identity kept apart: sealed rows and their access log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.calloff.domain import errors as e
from services.calloff.domain.call_offs import LIVE
from services.calloff.domain.people import AgeBand
from services.calloff.domain.requirements import (
    FundingRoute,
    Requirement,
    RequirementStatus,
    Volume,
)
from services.calloff.store.rows import update_versioned
from services.calloff.store.tables import call_offs, person_accesses, requirement_people
from services.calloff.store.tables import requirements as t
from shared.actors import Actor
from shared.db import upsert_row
from shared.paging import Page, PageRequest, keyset_page

_FIELDS = (
    "reference", "dps_id", "lot_id", "age_band", "postcode_district", "need_band",
    "needs_summary", "pattern", "start_on", "initial_term_months", "funding_route",
    "placement_id", "incumbent_name", "current_end_on", "person_recorded", "raised_by",
    "raised_at", "changed_at",
)


def _row(r: Requirement) -> dict[str, Any]:
    row = {name: getattr(r, name) for name in _FIELDS}
    row.update(
        status=r.status.value,
        age_band=r.age_band.value if r.age_band else None,
        funding_route=r.funding_route.value if r.funding_route else None,
        volumes=[v.as_dict() for v in r.volumes],
        extension_months=list(r.extension_months),
    )
    return row


def _requirement(row: Any) -> Requirement:
    values = {name: getattr(row, name) for name in _FIELDS}
    values.update(
        id=row.id,
        version=row.version,
        age_band=AgeBand(row.age_band) if row.age_band else None,
        funding_route=FundingRoute(row.funding_route) if row.funding_route else None,
        volumes=[Volume.from_dict(v) for v in row.volumes],
        extension_months=list(row.extension_months),
    )
    return Requirement(**values)


class RequirementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, requirement: Requirement) -> None:
        await self.session.execute(
            insert(t).values(id=requirement.id, version=1, **_row(requirement))
        )
        requirement.version = 1

    async def save(self, requirement: Requirement) -> None:
        requirement.version = await update_versioned(
            self.session, t, requirement.id, requirement.version, _row(requirement)
        )

    async def find(self, id: UUID, *, lock: bool = False) -> Requirement | None:
        query = select(t).where(t.c.id == id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _requirement(row) if row else None

    async def get(self, id: UUID, *, lock: bool = False) -> Requirement:
        found = await self.find(id, lock=lock)
        if found is None:
            raise e.RequirementNotFound(
                f"There is no requirement {id}.", requirement_id=str(id)
            )
        return found

    async def find_by_placement(self, placement_id: UUID) -> Requirement | None:
        row = (await self.session.execute(
            select(t).where(t.c.placement_id == placement_id)
        )).first()
        return _requirement(row) if row else None

    async def in_use(self, requirement_id: UUID) -> bool:
        """A call-off of it is out (published, closed or awarded)."""
        query = select(
            exists().where(
                call_offs.c.requirement_id == requirement_id,
                call_offs.c.status.in_([s.value for s in LIVE]),
            )
        )
        return bool(await self.session.scalar(query))

    async def page(
        self, request: PageRequest, *, dps_id: UUID | None = None,
        status: RequirementStatus | None = None,
    ) -> Page[Requirement]:
        query = select(t)
        if dps_id is not None:
            query = query.where(t.c.dps_id == dps_id)
        if status is not None:
            query = query.where(t.c.status == status.value)
        page = await keyset_page(
            self.session, query, request, [t.c.raised_at, t.c.id], scalars=False
        )
        return Page([_requirement(r) for r in page.items], page.next_cursor)


class PersonAccess:
    """One access to a person's identity, as the log keeps it."""

    def __init__(self, row: Any) -> None:
        self.position: int = row.position
        self.requirement_id: UUID = row.requirement_id
        self.at: datetime = row.at
        self.action: str = row.action
        self.granted: bool = row.granted
        self.actor_id: str = row.actor_id
        self.actor_role: str = row.actor_role
        self.organisation: str = row.organisation
        self.provider_id: UUID | None = row.provider_id


class PersonRepository:
    """Sealed identities (ciphertext only) and the log of every access to them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def sealed(self, requirement_id: UUID) -> str | None:
        return await self.session.scalar(
            select(requirement_people.c.sealed).where(
                requirement_people.c.requirement_id == requirement_id
            )
        )

    async def keep(
        self, requirement_id: UUID, sealed: str, key_id: str, by: str, at: datetime
    ) -> None:
        row = {"requirement_id": requirement_id, "sealed": sealed, "key_id": key_id,
               "recorded_by": by, "recorded_at": at}
        await upsert_row(self.session, requirement_people, row, "requirement_id")

    async def under_other_keys(self, key_id: str, limit: int) -> list[tuple[UUID, str]]:
        """Identities sealed under any key but ``key_id``, locked for re-sealing."""
        query = (
            select(requirement_people.c.requirement_id, requirement_people.c.sealed)
            .where(requirement_people.c.key_id != key_id)
            .order_by(requirement_people.c.requirement_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [(r[0], r[1]) for r in await self.session.execute(query)]

    async def reseal(self, requirement_id: UUID, sealed: str, key_id: str) -> None:
        await self.session.execute(
            update(requirement_people)
            .where(requirement_people.c.requirement_id == requirement_id)
            .values(sealed=sealed, key_id=key_id)
        )

    async def log(
        self, requirement_id: UUID, actor: Actor, action: str, granted: bool, at: datetime
    ) -> None:
        await self.session.execute(
            insert(person_accesses).values(
                requirement_id=requirement_id, at=at, action=action,
                granted=granted, actor_id=actor.id, actor_role=actor.role.value,
                organisation=actor.organisation, provider_id=actor.provider_id,
            )
        )

    async def accesses(self, requirement_id: UUID, request: PageRequest) -> Page[PersonAccess]:
        a = person_accesses
        query = select(a).where(a.c.requirement_id == requirement_id)
        page = await keyset_page(self.session, query, request, [a.c.position], scalars=False)
        return Page([PersonAccess(r) for r in page.items], page.next_cursor)
