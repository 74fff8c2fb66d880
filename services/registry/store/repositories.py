"""Repositories: load and add aggregates, and the few queries the use cases and ticker need.

``get(..., lock=True)`` takes a row lock on PostgreSQL (``FOR UPDATE``; SQLite serialises
writers anyway), so two changes to one aggregate queue rather than overwrite each other.
``get_visible`` is ``get`` for a caller who may be a provider: another provider's record is
reported exactly as a missing one. Lists come a page at a time (``shared.paging``). The
ticker's ``claim`` methods skip rows another replica holds (``SKIP LOCKED``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, update
from sqlalchemy.orm.attributes import flag_modified

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor
from services.registry.domain.applications import LIVE, Application
from services.registry.domain.audit import Decision
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.memberships import Membership, MembershipStatus
from services.registry.domain.providers import Provider
from services.registry.store import tables as t
from services.registry.store.dps_reader import read_dps
from shared.errors import NotFound
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

A = TypeVar("A")


class RegistryRepository(Repository[A]):
    not_found: Any = e.RecordNotFound

    def missing(self, id: UUID) -> NotFound:
        """The domain's own not-found error, so the domain and the store say it alike."""
        error: NotFound = self.not_found.of(id)
        return error

    async def _page(
        self, query: Select[Any], page: PageRequest, order_by: list[ColumnElement[Any]]
    ) -> Page[A]:
        return await keyset_page(self.session, query, page, order_by)


def _where(query: Select[Any], *conditions: tuple[ColumnElement[Any], object]) -> Select[Any]:
    """Add ``column == value`` for each value given (None: no filter)."""
    for column, value in conditions:
        if value is not None:
            query = query.where(column == value)
    return query


class DpsRepository(RegistryRepository[Dps]):
    entity = Dps
    table = t.dps
    not_found = e.DpsNotFound
    noun = "DPS"

    async def page(self, page: PageRequest, *, status: DpsStatus | None = None) -> Page[Dps]:
        query = _where(select(Dps), (t.dps.c.status, status))
        return await self._page(query, page, [t.dps.c.name, t.dps.c.id])

    async def hold_open(self, dps_id: UUID, actor: Actor) -> Dps:
        """The DPS, kept open until this transaction ends; refused if it is not open now.

        Admitting and applying decide on an open DPS; a close committing meanwhile must not
        leave a member of a closed DPS. A write that changes nothing takes the DPS's row
        lock on PostgreSQL and SQLite's write lock, and reads the status as committed last:
        a close that committed first is seen here; one that comes later waits for this
        transaction (and then finds its new members). The DPS is loaded after the lock.
        """
        held = await self.session.execute(
            update(t.dps)
            .where(t.dps.c.id == dps_id, t.dps.c.status == DpsStatus.OPEN)
            .values(status=t.dps.c.status)
        )
        dps = await self.get(dps_id)
        dps.require_visible_to(actor)
        if held.rowcount == 0:  # type: ignore[attr-defined]
            raise e.DpsNotOpen(f"{dps.name} is {dps.status}: it is not taking applications.")
        return dps

    async def load_for_reading(self, dps_id: UUID) -> Dps:
        """The DPS and everything set up in it, for an answer, in one round trip
        (``dps_reader``); never changed or saved through (its audit trail is not loaded)."""
        found = await read_dps(self.session, dps_id)
        if found is None:
            raise self.missing(dps_id)
        return found

    async def open_ids(self, limit: int) -> list[UUID]:
        """Open DPSs: time may open or close their windows, close lots, end their term."""
        query = select(t.dps.c.id).where(t.dps.c.status == DpsStatus.OPEN).limit(limit)
        return list((await self.session.execute(query)).scalars())


class ProviderRepository(RegistryRepository[Provider]):
    entity = Provider
    table = t.providers
    not_found = e.ProviderNotFound
    noun = "provider"
    owner_attribute = "id"

    def touch(self, provider: Provider) -> None:
        """Bump the provider's version at commit, so two changes decided on the same view of
        it (two applications each seeing no live one) cannot both commit."""
        flag_modified(provider, "name")

    async def page(self, page: PageRequest, *, id: UUID | None = None) -> Page[Provider]:
        query = _where(select(Provider), (t.providers.c.id, id))
        return await self._page(query, page, [t.providers.c.name, t.providers.c.id])

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


class ApplicationRepository(RegistryRepository[Application]):
    entity = Application
    table = t.applications
    not_found = e.ApplicationNotFound
    noun = "application"
    owner_attribute = "provider_id"

    async def page(
        self, page: PageRequest, *, dps_id: UUID | None = None, provider_id: UUID | None = None,
        status: str | None = None,
    ) -> Page[Application]:
        a = t.applications
        query = _where(
            select(Application), (a.c.dps_id, dps_id), (a.c.provider_id, provider_id),
            (a.c.status, status),
        )
        return await self._page(query, page, [a.c.submitted_at, a.c.id])

    async def live_for_provider(self, provider_id: UUID, dps_id: UUID) -> list[Application]:
        a = t.applications
        return await self._all(
            select(Application).where(
                a.c.provider_id == provider_id, a.c.dps_id == dps_id, a.c.status.in_(LIVE)
            )
        )

    async def overdue(
        self, now: datetime, page: PageRequest, *, dps_id: UUID | None = None,
        provider_id: UUID | None = None,
    ) -> Page[Application]:
        """Live applications whose decision date has passed, the most overdue first."""
        a = t.applications
        query = _where(
            select(Application).where(a.c.status.in_(LIVE), a.c.decision_due_at < now),
            (a.c.dps_id, dps_id), (a.c.provider_id, provider_id),
        )
        return await self._page(query, page, [a.c.decision_due_at, a.c.id])


class MembershipRepository(RegistryRepository[Membership]):
    entity = Membership
    table = t.memberships
    not_found = e.MembershipNotFound
    noun = "membership"
    owner_attribute = "provider_id"

    def _query(
        self, dps_id: UUID | None, lot_id: UUID | None, provider_id: UUID | None,
        status: str | None,
    ) -> Select[Any]:
        m = t.memberships
        return _where(
            select(Membership), (m.c.dps_id, dps_id), (m.c.lot_id, lot_id),
            (m.c.provider_id, provider_id), (m.c.status, status),
        )

    async def page(
        self, page: PageRequest, *, dps_id: UUID | None = None, lot_id: UUID | None = None,
        provider_id: UUID | None = None, status: str | None = None,
    ) -> Page[Membership]:
        m = t.memberships
        query = self._query(dps_id, lot_id, provider_id, status)
        return await self._page(query, page, [m.c.admitted_at, m.c.id])

    async def current(
        self, *, dps_id: UUID | None = None, lot_id: UUID | None = None,
        provider_id: UUID | None = None,
    ) -> list[Membership]:
        """Every membership not removed, for a use case that must see them all."""
        m = t.memberships
        query = self._query(dps_id, lot_id, provider_id, None).where(
            m.c.status != MembershipStatus.REMOVED
        )
        return await self._all(query.order_by(m.c.admitted_at, m.c.id))

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
    def __init__(self, session: Any) -> None:
        self.session = session

    @staticmethod
    def _of(dps_id: UUID) -> Select[Any]:
        d = t.decisions
        of_applications = select(t.applications.c.id).where(t.applications.c.dps_id == dps_id)
        of_memberships = select(t.memberships.c.id).where(t.memberships.c.dps_id == dps_id)
        return select(Decision).where(or_(
            and_(d.c.subject_type == "dps", d.c.subject_id == dps_id),
            and_(d.c.subject_type == "application", d.c.subject_id.in_(of_applications)),
            and_(d.c.subject_type == "membership", d.c.subject_id.in_(of_memberships)),
        ))

    ORDER = [t.decisions.c.at, t.decisions.c.subject_type, t.decisions.c.subject_id,
             t.decisions.c.position]

    async def page(self, dps_id: UUID, page: PageRequest) -> Page[Decision]:
        """Decisions on the DPS, its applications and its memberships, oldest first."""
        return await keyset_page(self.session, self._of(dps_id), page, self.ORDER)

    async def trail(self, dps_id: UUID) -> list[Decision]:
        """The whole trail, for an export."""
        query = self._of(dps_id).order_by(*self.ORDER)
        return list((await self.session.execute(query)).scalars().all())
