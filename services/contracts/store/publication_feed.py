"""The release feed: append releases in order; read pages of releases and of records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update

from services.contracts.domain.publication.errors import ProcessNotFound
from services.contracts.domain.publication.process import ContractingProcess
from services.contracts.store.publication import (
    publication_feed_head,
    publication_processes,
    publication_releases,
)
from shared.paging import PageRequest, decode_cursor, encode_cursor


class FeedRepository:
    """The release feed: append in order; read pages of releases and records."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def append(self, process: ContractingProcess, releases: Sequence[dict[str, Any]],
                     now: datetime) -> None:
        if not releases:
            return
        await self.session.flush()
        head = publication_feed_head.c
        last = (await self.session.execute(
            update(publication_feed_head).where(head.id == 1)
            .values(last_seq=head.last_seq + len(releases)).returning(head.last_seq)
        )).scalar_one()
        first = last - len(releases) + 1
        await self.session.execute(insert(publication_releases), [
            {"seq": first + i, "release_id": r["id"], "process_id": process.id,
             "ocid": r["ocid"], "date": r["date"], "tags": list(r["tag"]),
             "published_at": now, "body": json.dumps(r, ensure_ascii=False)}
            for i, r in enumerate(releases)
        ])
        await self.session.execute(
            update(publication_processes).where(publication_processes.c.id == process.id)
            .values(record_seq=last)
        )

    async def release_page(
        self, request: PageRequest, *, since: datetime | None = None, ocid: str | None = None,
    ) -> tuple[list[Any], str | None]:
        """Rows (seq, published_at, body) in feed order; the cursor is the last ``seq``."""
        r = publication_releases.c
        query = select(r.seq, r.published_at, r.body)
        if ocid is not None:
            query = query.where(r.ocid == ocid)
        if request.cursor:
            (after,) = decode_cursor(request.cursor, [r.seq])
            query = query.where(r.seq > after)
        elif since is not None:
            query = query.where(r.published_at >= since)
        rows = list((await self.session.execute(
            query.order_by(r.seq).limit(request.limit + 1))).all())
        more = len(rows) > request.limit
        rows = rows[: request.limit]
        return rows, encode_cursor([rows[-1].seq]) if more else None

    async def release(self, release_id: str) -> Any:
        r = publication_releases.c
        return (await self.session.execute(
            select(r.seq, r.published_at, r.body).where(r.release_id == release_id)
        )).first()

    async def record_page(
        self, request: PageRequest, *, since: datetime | None = None,
    ) -> tuple[list[Any], str | None]:
        """Processes in the order they last changed (a changed record comes again)."""
        p = publication_processes.c
        query = select(p.id, p.ocid, p.record_seq, p.compiled).where(p.record_seq.is_not(None))
        if request.cursor:
            (after,) = decode_cursor(request.cursor, [p.record_seq])
            query = query.where(p.record_seq > after)
        elif since is not None:
            first = select(func.min(publication_releases.c.seq)).where(
                publication_releases.c.published_at >= since).scalar_subquery()
            query = query.where(p.record_seq >= first)
        rows = list((await self.session.execute(
            query.order_by(p.record_seq).limit(request.limit + 1))).all())
        more = len(rows) > request.limit
        rows = rows[: request.limit]
        return rows, encode_cursor([rows[-1].record_seq]) if more else None

    async def record(self, ocid: str) -> Any:
        p = publication_processes.c
        found = (await self.session.execute(
            select(p.id, p.ocid, p.record_seq, p.compiled).where(
                p.ocid == ocid, p.record_seq.is_not(None))
        )).first()
        if found is None:
            raise ProcessNotFound.of(ocid)
        return found

    async def linked(self, process_ids: Sequence[UUID]) -> dict[UUID, list[Any]]:
        """Each process's releases (id, date, tags), oldest first."""
        r = publication_releases.c
        rows = (await self.session.execute(
            select(r.process_id, r.release_id, r.date, r.tags)
            .where(r.process_id.in_(list(process_ids))).order_by(r.seq)
        )).all()
        out: dict[UUID, list[Any]] = {pid: [] for pid in process_ids}
        for row in rows:
            out[row.process_id].append(row)
        return out

    async def latest(self) -> datetime | None:
        return (await self.session.execute(
            select(func.max(publication_releases.c.published_at)))).scalar()
