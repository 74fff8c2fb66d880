"""Notices as the council reads them, and the award-notice grouping it chooses."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from services.contracts.api.models.base import Body, Read
from services.contracts.domain.publication.notices import Notice, NoticeKind, NoticeStatus


class NoticeRead(Read):
    id: UUID
    ocid: str
    dps_id: UUID | None
    kind: NoticeKind
    notice_type: str | None = Field(description="The UK notice type (Procurement Act), if any.")
    title: str
    law: str
    status: NoticeStatus
    due_at: datetime | None
    earliest_at: datetime | None
    issued_at: datetime | None
    release_id: str | None = Field(description="The release that published it.")
    reason: str = Field(description="Why it waits, or why none is required.")
    overdue: bool

    @classmethod
    def of(cls, notice: Notice, now: datetime) -> NoticeRead:
        info = notice.info
        return cls(
            id=notice.id, ocid=notice.ocid, dps_id=notice.dps_id, kind=NoticeKind(notice.kind),
            notice_type=info.notice_type, title=notice.group_title or info.title, law=info.law,
            status=notice.status, due_at=notice.due_at, earliest_at=notice.earliest_at,
            issued_at=notice.issued_at, release_id=notice.release_id, reason=notice.reason,
            overdue=notice.overdue(now),
        )


class AwardNoticeGrouping(Body):
    """PCR 2015 award notices of a DPS's call-offs: one per contract within 30 days, or
    grouped each quarter and sent within 30 days of its end (reg. 50(4), 75(4))."""

    grouping: Literal["each_contract", "quarterly"]


class AwardNoticeGroupingRead(Read):
    dps_id: UUID
    grouping: Literal["each_contract", "quarterly"]
    call_offs_rescheduled: int
