"""Publication's domain errors, each with a stable code."""

from __future__ import annotations

from uuid import UUID

from shared.errors import NotFound, RuleBroken


class NoticeNotFound(NotFound):
    code = "notice_not_found"

    @classmethod
    def of(cls, notice_id: UUID) -> NoticeNotFound:
        return cls(f"There is no notice {notice_id}.", notice_id=str(notice_id))


class ProcessNotFound(NotFound):
    code = "ocid_not_found"

    @classmethod
    def of(cls, ocid: str) -> ProcessNotFound:
        return cls(f"No contracting process {ocid} is published here.", ocid=ocid)


class ReleaseNotFound(NotFound):
    code = "release_not_found"

    @classmethod
    def of(cls, release_id: str) -> ReleaseNotFound:
        return cls(f"No release {release_id} is published here.", release_id=release_id)


class GroupingNotAllowed(RuleBroken):
    """Only the PCR 2015 regimes let award notices be grouped each quarter (reg. 50(4), 75(4))."""

    code = "grouping_not_allowed"
