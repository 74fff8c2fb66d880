"""Repositories: load and add aggregates, and the few queries the use cases and ticker need.

``get(..., lock=True)`` takes a row lock on PostgreSQL (``FOR UPDATE``; SQLite serialises
writers anyway), so two changes to one aggregate queue rather than overwrite each other.
The ticker's ``claim`` methods skip rows another replica holds (``SKIP LOCKED``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from services.registry.domain.applications import LIVE, Application
from services.registry.domain.audit import Decision
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.memberships import Membership, MembershipStatus
from services.registry.domain.providers import Provider
from services.registry.handlers import errors as h
from services.registry.store import tables as t
from shared.errors import NotFound
from shared.repository import Repository


class DpsRepository(Repository[Dps]):
    entity = Dps
    table = t.dps
    not_found = h.DpsNotFound
    noun = "DPS"

    async def list(self, *, status: DpsStatus | None = None) -> list[Dps]:
        query = select(Dps).order_by(t.dps.c.name, t.dps.c.id)
        if status is not None:
            query = query.where(t.dps.c.status == status)
        return await self._all(query)

    async def open_ids(self, limit: int) -> list[UUID]:
        """Open DPSs: time may open or close their windows, close lots, end their term."""
        query = select(t.dps.c.id).where(t.dps.c.status == DpsStatus.OPEN).limit(limit)
        return list((await self.session.execute(query)).scalars())


class ProviderRepository(Repository[Provider]):
    entity = Provider
    table = t.providers
    not_found = h.ProviderNotFound
    noun = "provider"

    def missing(self, id: UUID) -> NotFound:
        return self.not_found(
            f"There is no provider {id}: register the organisation first (POST /providers).",
            provider_id=str(id),
        )

    def touch(self, provider: Provider) -> None:
        """Bump the provider's version at commit, so two changes decided on the same view of
        it (two applications each seeing no live one) cannot both commit."""
        flag_modified(provider, "name")

    async def list(self, ids: Sequence[UUID] | None = None) -> list[Provider]:
        query = select(Provider).order_by(t.providers.c.name, t.providers.c.id)
        if ids is not None:
            query = query.where(t.providers.c.id.in_(list(ids)))
        return await self._all(query)

    async def with_documents_to_check(
        self, today: date, warn_until: date, limit: int, *, after: UUID | None = None
    ) -> list[UUID]:
        """Providers with an active membership and a dated document that is expired, or
        unwarned and expiring by ``warn_until``; in id order, from ``after``."""
        docs = t.provider_documents
        due = and_(
            docs.c.provider_id == t.providers.c.id,
            docs.c.expires_on.is_not(None),
            or_(docs.c.expires_on < today,
                and_(docs.c.warned_on.is_(None), docs.c.expires_on <= warn_until)),
        )
        active = and_(
            t.memberships.c.provider_id == t.providers.c.id,
            t.memberships.c.status == MembershipStatus.ACTIVE,
        )
        query = (
            select(t.providers.c.id)
            .where(exists().where(due), exists().where(active))
            .order_by(t.providers.c.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(t.providers.c.id > after)
        return list((await self.session.execute(query)).scalars())


class ApplicationRepository(Repository[Application]):
    entity = Application
    table = t.applications
    not_found = h.ApplicationNotFound
    noun = "application"

    async def list(
        self, *, dps_id: UUID | None = None, provider_id: UUID | None = None,
        status: str | None = None,
    ) -> list[Application]:
        a = t.applications
        query = select(Application).order_by(a.c.submitted_at, a.c.id)
        if dps_id is not None:
            query = query.where(a.c.dps_id == dps_id)
        if provider_id is not None:
            query = query.where(a.c.provider_id == provider_id)
        if status is not None:
            query = query.where(a.c.status == status)
        return await self._all(query)

    async def live_for_provider(self, provider_id: UUID, dps_id: UUID) -> list[Application]:
        a = t.applications
        return await self._all(
            select(Application).where(
                a.c.provider_id == provider_id, a.c.dps_id == dps_id, a.c.status.in_(LIVE)
            )
        )

    async def overdue(
        self, now: datetime, *, dps_id: UUID | None = None, provider_id: UUID | None = None
    ) -> list[Application]:
        """Live applications whose decision date has passed, the most overdue first."""
        a = t.applications
        query = (
            select(Application)
            .where(a.c.status.in_(LIVE), a.c.decision_due_at < now)
            .order_by(a.c.decision_due_at, a.c.id)
        )
        if dps_id is not None:
            query = query.where(a.c.dps_id == dps_id)
        if provider_id is not None:
            query = query.where(a.c.provider_id == provider_id)
        return await self._all(query)


class MembershipRepository(Repository[Membership]):
    entity = Membership
    table = t.memberships
    not_found = h.MembershipNotFound
    noun = "membership"

    async def list(
        self, *, dps_id: UUID | None = None, lot_id: UUID | None = None,
        provider_id: UUID | None = None, status: str | None = None,
    ) -> list[Membership]:
        m = t.memberships
        query = select(Membership).order_by(m.c.admitted_at, m.c.id)
        for column, value in (
            (m.c.dps_id, dps_id), (m.c.lot_id, lot_id), (m.c.provider_id, provider_id),
            (m.c.status, status),
        ):
            if value is not None:
                query = query.where(column == value)
        return await self._all(query)

    async def with_missed_redeclarations(self, now: datetime, limit: int) -> list[UUID]:
        """Current members with an unanswered re-declaration past its due time."""
        r, m = t.redeclarations, t.memberships
        query = (
            select(m.c.id)
            .where(
                m.c.status != MembershipStatus.REMOVED,
                exists().where(
                    r.c.membership_id == m.c.id, r.c.answered_at.is_(None),
                    r.c.missed.is_(False), r.c.due_at < now,
                ),
            )
            .order_by(m.c.id)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def trail(self, dps_id: UUID) -> list[Decision]:
        """Every decision on the DPS, its applications and its memberships, oldest first."""
        d = t.decisions
        of_applications = select(t.applications.c.id).where(t.applications.c.dps_id == dps_id)
        of_memberships = select(t.memberships.c.id).where(t.memberships.c.dps_id == dps_id)
        query = (
            select(Decision)
            .where(or_(
                and_(d.c.subject_type == "dps", d.c.subject_id == dps_id),
                and_(d.c.subject_type == "application", d.c.subject_id.in_(of_applications)),
                and_(d.c.subject_type == "membership", d.c.subject_id.in_(of_memberships)),
            ))
            .order_by(d.c.at, d.c.subject_type, d.c.subject_id, d.c.position)
        )
        return list((await self.session.execute(query)).scalars().all())
