"""Publication: the open-data feed (no token: release and record packages, paged by date
with a cursor, ``ETag`` / ``If-None-Match``), and the council's notices and their deadlines."""

# No "from __future__ import annotations": FastAPI must see the real annotations.

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response

from services.contracts.api.actors import Commissioner, CouncilReader
from services.contracts.api.models.publication import (
    AwardNoticeGrouping,
    AwardNoticeGroupingRead,
    NoticeRead,
)
from services.contracts.domain.publication.errors import ReleaseNotFound
from services.contracts.domain.publication.notices import NoticeKind, NoticeStatus
from services.contracts.domain.publication.ocds.packages import (
    Publisher,
    record,
    record_package,
    release_package,
)
from services.contracts.domain.publication.values import iso
from services.contracts.handlers.publication import queries
from services.contracts.store import ContractsUnitOfWork
from shared.http.deps import ClockDep, Uow
from shared.http.pagination import PageParams, PageRead
from shared.http.problems import problem_responses
from shared.paging import MAX_CURSOR_LENGTH, PageRequest

router = APIRouter(tags=["publication"], responses=problem_responses(400))
#: Bumped when the packages' shape changes, so cached copies are not taken as current.
FORMAT = "1"
OCID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$"
JSON_OBJECT = {"application/json": {"schema": {"type": "object"}}}
FEED = {
    200: {"description": "An OCDS 1.1 package.", "content": JSON_OBJECT},
    304: {"description": "Not modified (the ``If-None-Match`` ETag is current)."},
    **problem_responses(404, 422),
}

Since = Annotated[datetime | None, Query(
    description="Only what was published at or after this instant (ISO 8601 with a zone).")]
Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR_LENGTH, pattern=r"^[A-Za-z0-9_-]*$",
                                     description="The cursor of the `next` link.")]
Ocid = Annotated[str, Path(pattern=OCID_PATTERN, max_length=120)]


def _publisher(request: Request) -> Publisher:
    s = request.app.state.runtime.settings
    return Publisher(s.publisher_name, s.publisher_uri, s.open_data_license)


def _base(request: Request) -> str:
    configured = request.app.state.runtime.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")


def _uri(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{_base(request)}{request.url.path}{query}"


def _etag(request: Request, *parts: object) -> str:
    digest = hashlib.sha256(repr((FORMAT, _uri(request), _publisher(request), parts)).encode())
    return f'W/"{digest.hexdigest()[:32]}"'


def _answer(request: Request, etag: str, body: bytes | None, next_cursor: str | None,
            build: Any = None) -> Response:
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if next_cursor:
        params = dict(request.query_params)
        params["cursor"] = next_cursor
        query = urlencode(params)
        headers["Link"] = f'<{_base(request)}{request.url.path}?{query}>; rel="next"'
    wanted = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in wanted.split(",")} or wanted.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(content=body if body is not None else build(), media_type="application/json",
                    headers=headers)


def _page(limit: int, cursor: str | None) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor or None)


@router.get("/ocds/releases", responses=FEED, response_class=Response)
async def release_feed(
    request: Request, uow: Uow[ContractsUnitOfWork], since: Since = None,
    ocid: Annotated[str | None, Query(pattern=OCID_PATTERN, max_length=120)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100, cursor: Cursor = None,
) -> Response:
    """Every release, in the order published, as a release package: a page at a time
    (``limit``; the next page is the ``Link: rel="next"`` header), from ``since``. No token.
    Send the ``ETag`` back as ``If-None-Match`` to be told 304 when nothing changed."""
    async with uow:
        rows, next_cursor = await uow.feed.release_page(_page(limit, cursor), since=since,
                                                        ocid=ocid)
        latest = rows[-1].published_at if rows else await uow.feed.latest()
    published = iso(latest or datetime(1970, 1, 1, tzinfo=UTC))
    etag = _etag(request, [r.seq for r in rows], next_cursor, published)
    return _answer(request, etag, None, next_cursor, lambda: release_package(
        _publisher(request).metadata(_uri(request), published), [r.body for r in rows]))


@router.get("/ocds/releases/{release_id}", responses=FEED, response_class=Response)
async def one_release(
    request: Request, uow: Uow[ContractsUnitOfWork],
    release_id: Annotated[str, Path(pattern=OCID_PATTERN, max_length=140)],
) -> Response:
    """One release, in a release package. No token."""
    async with uow:
        row = await uow.feed.release(release_id)
    if row is None:
        raise ReleaseNotFound.of(release_id)
    published = iso(row.published_at)
    return _answer(request, _etag(request, row.seq), release_package(
        _publisher(request).metadata(_uri(request), published), [row.body]), None)


async def _records(request: Request, uow: ContractsUnitOfWork, rows: list[Any]) -> list[str]:
    linked = await uow.feed.linked([row.id for row in rows])
    base = f"{_base(request)}/ocds/releases/"
    return [record(row.ocid, [(f"{base}{r.release_id}#{r.release_id}", r.date, list(r.tags))
                              for r in linked[row.id]], row.compiled) for row in rows]


@router.get("/ocds/records", responses=FEED, response_class=Response)
async def record_feed(
    request: Request, uow: Uow[ContractsUnitOfWork], since: Since = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: Cursor = None,
) -> Response:
    """Every contracting process's record (its releases linked, and compiled with the OCDS
    merge rules), in the order they last changed, as a record package: a changed record
    comes again later in the feed. Paged like the releases. No token."""
    async with uow:
        rows, next_cursor = await uow.feed.record_page(_page(limit, cursor), since=since)
        etag = _etag(request, [(r.ocid, r.record_seq) for r in rows], next_cursor)
        wanted = request.headers.get("if-none-match", "")
        records = [] if etag in wanted else await _records(request, uow, rows)
        latest = await uow.feed.latest()
    published = iso(latest or datetime(1970, 1, 1, tzinfo=UTC))
    return _answer(request, etag, None, next_cursor, lambda: record_package(
        _publisher(request).metadata(_uri(request), published), records,
        [f"{_base(request)}/ocds/releases"]))


@router.get("/ocds/records/{ocid}", responses=FEED, response_class=Response)
async def one_record(request: Request, uow: Uow[ContractsUnitOfWork], ocid: Ocid) -> Response:
    """One contracting process's record, in a record package. No token."""
    async with uow:
        row = await uow.feed.record(ocid)
        records = await _records(request, uow, [row])
        latest = await uow.feed.latest()
    published = iso(latest or datetime(1970, 1, 1, tzinfo=UTC))
    return _answer(request, _etag(request, row.record_seq), record_package(
        _publisher(request).metadata(_uri(request), published), records,
        [f"{_base(request)}/ocds/releases"]), None)


@router.get("/notices", response_model=PageRead[NoticeRead], responses=problem_responses(
    401, 403, 422))
async def list_notices(
    _: CouncilReader, uow: Uow[ContractsUnitOfWork], clock: ClockDep, page: PageParams,
    status: NoticeStatus | None = None, kind: NoticeKind | None = None,
    dps_id: UUID | None = None,
    ocid: Annotated[str | None, Query(pattern=OCID_PATTERN, max_length=120)] = None,
) -> Any:
    """Every statutory notice, in the order it arose: issued (with the release that
    published it), waiting or scheduled (with its due date), or not required (and why)."""
    found = await queries.notices(uow, page, status=status, dps_id=dps_id, ocid=ocid,
                                  kind=kind.value if kind else None)
    now = clock.now()
    return PageRead[NoticeRead](items=[NoticeRead.of(n, now) for n in found.items],
                                next_cursor=found.next_cursor)


@router.get("/notices/overdue", response_model=PageRead[NoticeRead],
            responses=problem_responses(401, 403, 422))
async def overdue_notices(
    _: CouncilReader, uow: Uow[ContractsUnitOfWork], clock: ClockDep, page: PageParams,
    dps_id: UUID | None = None,
) -> Any:
    """Notices past their due date and still not published, the most overdue first."""
    now = clock.now()
    found = await queries.overdue(uow, now, page, dps_id)
    return PageRead[NoticeRead](items=[NoticeRead.of(n, now) for n in found.items],
                                next_cursor=found.next_cursor)


@router.get("/notices/{notice_id}", response_model=NoticeRead,
            responses=problem_responses(401, 403, 404, 422))
async def get_notice(notice_id: UUID, _: CouncilReader, uow: Uow[ContractsUnitOfWork],
                     clock: ClockDep) -> Any:
    return NoticeRead.of(await queries.notice(notice_id, uow), clock.now())


@router.put("/dps/{dps_id}/award-notice-grouping", response_model=AwardNoticeGroupingRead,
            responses=problem_responses(401, 403, 404, 422))
async def set_award_notice_grouping(
    dps_id: UUID, body: AwardNoticeGrouping, _: Commissioner, uow: Uow[ContractsUnitOfWork],
) -> Any:
    """PCR 2015 only: publish the DPS's award notices one per contract (within 30 days), or
    grouped each quarter (within 30 days of its end). Call-offs' notices not yet issued are
    rescheduled."""
    count = await queries.set_award_notice_grouping(dps_id, body.grouping == "quarterly", uow)
    return AwardNoticeGroupingRead(dps_id=dps_id, grouping=body.grouping,
                                   call_offs_rescheduled=count)
