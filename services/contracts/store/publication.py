"""Publication: contracting processes (facts, notices, compiled record), the release feed.

The feed is append-only: each release gets the next number (``seq``) from one counter row,
taken by an ``UPDATE`` that holds the row until the transaction commits, so numbers become
visible in order and a reader paging by ``seq`` never skips a release committed late.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.contracts.domain.publication.errors import NoticeNotFound, ProcessNotFound
from services.contracts.domain.publication.facts import ProcessFacts, ProcessKind
from services.contracts.domain.publication.notices import OPEN, Notice, NoticeStatus
from services.contracts.domain.publication.process import ContractingProcess
from services.contracts.store.base import children, mapper_registry, metadata, parent, position
from shared.columns import JsonOf, StrEnumType
from shared.db import AwareDateTime
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

OCID = 120
RELEASE_ID = 140

publication_processes = Table(
    "publication_processes", metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", StrEnumType(ProcessKind, 20), nullable=False),
    Column("ocid", String(OCID), nullable=False, unique=True),
    Column("parent_ocid", String(OCID), nullable=True),
    Column("dps_id", Uuid, nullable=True, index=True),
    Column("contract_id", Uuid, nullable=True, unique=True),
    Column("facts", JsonOf(ProcessFacts), nullable=False),
    Column("quarterly_award_notices", Boolean, nullable=False),
    Column("release_count", Integer, nullable=False),
    Column("last_release_at", AwareDateTime, nullable=True),
    Column("compiled", Text, nullable=True),
    Column("record_seq", BigInteger, nullable=True, unique=True),
    Column("created_at", AwareDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

publication_notices = Table(
    "publication_notices", metadata,
    Column("id", Uuid, primary_key=True), parent("process_id", "publication_processes"),
    position(),
    Column("key", String(120), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("ocid", String(OCID), nullable=False),
    Column("dps_id", Uuid, nullable=True, index=True),
    Column("status", StrEnumType(NoticeStatus, 20), nullable=False),
    Column("due_at", AwareDateTime, nullable=True),
    Column("earliest_at", AwareDateTime, nullable=True),
    Column("issued_at", AwareDateTime, nullable=True),
    Column("release_id", String(RELEASE_ID), nullable=True),
    Column("reason", Text, nullable=False),
    Column("subject", String(120), nullable=True),
    Column("group", String(60), nullable=True),
    Column("group_title", String(200), nullable=True),
    Column("overdue_reported_at", AwareDateTime, nullable=True),
    Column("created_at", AwareDateTime, nullable=False),
    Index("ix_publication_notices_status_due", "status", "due_at"),
    Index("ix_publication_notices_status_earliest", "status", "earliest_at"),
    Index("ix_publication_notices_created", "created_at", "id"),
)

publication_releases = Table(
    "publication_releases", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("release_id", String(RELEASE_ID), nullable=False, unique=True),
    Column("process_id", Uuid, nullable=False, index=True),
    Column("ocid", String(OCID), nullable=False, index=True),
    Column("date", String(30), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("published_at", AwareDateTime, nullable=False, index=True),
    Column("body", Text, nullable=False),
)

publication_feed_head = Table(
    "publication_feed_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_seq", BigInteger, nullable=False),
)


def map_publication() -> None:
    m = mapper_registry.map_imperatively
    m(Notice, publication_notices)
    m(ContractingProcess, publication_processes, version_id_col=publication_processes.c.version,
      properties={"notices": children(Notice, publication_notices)})


class ProcessRepository(Repository[ContractingProcess]):
    entity = ContractingProcess
    table = publication_processes
    noun = "contracting process"
    not_found = ProcessNotFound

    async def ensure(self, process: ContractingProcess) -> ContractingProcess:
        """The process with ``process``'s id, made from it if none exists, locked. Two
        consumers may make the same call-off's at once: the second waits, then finds it."""
        dialect = self.session.bind.dialect.name
        insert_into = pg_insert if dialect == "postgresql" else sqlite_insert
        await self.session.execute(insert_into(publication_processes).values(
            id=process.id, kind=process.kind, ocid=process.ocid, parent_ocid=process.parent_ocid,
            dps_id=process.dps_id, contract_id=process.contract_id, facts=process.facts,
            quarterly_award_notices=False, release_count=0, created_at=process.created_at,
            version=1,
        ).on_conflict_do_nothing())
        return await self.get(process.id, lock=True)

    async def of_contract(self, contract_id: UUID, *, lock: bool = True
                          ) -> ContractingProcess | None:
        query = select(ContractingProcess).where(publication_processes.c.contract_id == contract_id)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalars().first()

    async def of_ocid(self, ocid: str) -> ContractingProcess:
        query = select(ContractingProcess).where(publication_processes.c.ocid == ocid)
        found = (await self.session.execute(query)).scalars().first()
        if found is None:
            raise ProcessNotFound.of(ocid)
        return found

    async def call_offs_of(self, dps_id: UUID) -> list[UUID]:
        query = select(publication_processes.c.id).where(
            publication_processes.c.dps_id == dps_id,
            publication_processes.c.kind != ProcessKind.DPS.value,
        )
        return list((await self.session.execute(query)).scalars())

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        """Processes with a scheduled notice whose time came, or an overdue one not reported."""
        n = publication_notices.c
        query = (
            select(n.process_id).where(or_(
                (n.status == NoticeStatus.SCHEDULED.value) & (n.earliest_at <= now),
                n.status.in_([s.value for s in OPEN]) & (n.due_at < now)
                & n.overdue_reported_at.is_(None),
            )).group_by(n.process_id).order_by(func.min(n.due_at)).limit(limit)
        )
        return list((await self.session.execute(query)).scalars())


class NoticeRepository:
    def __init__(self, session: Any) -> None:
        self.session = session

    async def get(self, notice_id: UUID) -> Notice:
        found = (await self.session.execute(
            select(Notice).where(publication_notices.c.id == notice_id))).scalars().first()
        if found is None:
            raise NoticeNotFound.of(notice_id)
        return found

    async def page(
        self, request: PageRequest, *, status: NoticeStatus | None = None,
        dps_id: UUID | None = None, ocid: str | None = None, kind: str | None = None,
    ) -> Page[Notice]:
        n = publication_notices.c
        query = select(Notice)
        for column, value in ((n.status, status), (n.dps_id, dps_id), (n.ocid, ocid),
                              (n.kind, kind)):
            if value is not None:
                query = query.where(column == value)
        return await keyset_page(self.session, query, request, [n.created_at, n.id])

    async def overdue(
        self, now: datetime, request: PageRequest, dps_id: UUID | None = None
    ) -> Page[Notice]:
        n = publication_notices.c
        query = select(Notice).where(n.status.in_([s.value for s in OPEN]), n.due_at < now)
        if dps_id is not None:
            query = query.where(n.dps_id == dps_id)
        return await keyset_page(self.session, query, request, [n.due_at, n.id])


__all__ = ["NoticeRepository", "ProcessRepository", "map_publication"]
