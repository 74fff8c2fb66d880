"""The statutory notices: each kind, where it sits in OCDS, and one notice's life.

```
waiting --(precondition met)--> due --issue--> issued
scheduled --(earliest time comes: the ticker)--> issued
waiting | scheduled | due --(no longer required: the call-off ended)--> not_required
```
A notice is **overdue** while it is not issued after its ``due_at``. A notice that is not
required is kept with its reason (a below-threshold call-off, a user-choice contract), so
the council can show why nothing was published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from services.contracts.domain.publication.values import iso


class Stage(StrEnum):
    """Where the notice's document sits in the release."""

    TENDER = "tender"
    AWARD = "award"
    CONTRACT = "contract"
    IMPLEMENTATION = "implementation"


@dataclass(frozen=True, slots=True)
class KindInfo:
    notice_type: str | None  # the UK notice type (Procurement Act), or None (PCR 2015)
    document_type: str
    stage: Stage
    title: str
    law: str


class NoticeKind(StrEnum):
    PCR_CONTRACT_NOTICE = "pcr_contract_notice"
    PCR_AWARD_NOTICE = "pcr_award_notice"
    CONTRACTS_FINDER_AWARD_NOTICE = "contracts_finder_award_notice"
    UK4_TENDER = "uk4_tender_notice"
    UK5_TRANSPARENCY = "uk5_transparency_notice"
    UK6_CONTRACT_AWARD = "uk6_contract_award_notice"
    UK7_CONTRACT_DETAILS = "uk7_contract_details_notice"
    UK7_BELOW_THRESHOLD = "uk7_below_threshold_contract_details_notice"
    UK11_CONTRACT_TERMINATION = "uk11_contract_termination_notice"
    UK12_PROCUREMENT_TERMINATION = "uk12_procurement_termination_notice"
    UK13_DYNAMIC_MARKET_INTENTION = "uk13_dynamic_market_intention_notice"
    UK14_DYNAMIC_MARKET_ESTABLISHMENT = "uk14_dynamic_market_establishment_notice"
    UK15_DYNAMIC_MARKET_MODIFICATION = "uk15_dynamic_market_modification_notice"
    UK16_DYNAMIC_MARKET_CESSATION = "uk16_dynamic_market_cessation_notice"

    @property
    def info(self) -> KindInfo:
        return KINDS[self]


_T, _A, _C, _I = Stage.TENDER, Stage.AWARD, Stage.CONTRACT, Stage.IMPLEMENTATION
KINDS: dict[NoticeKind, KindInfo] = {
    NoticeKind.PCR_CONTRACT_NOTICE: KindInfo(
        None, "tenderNotice", _T, "Contract notice", "PCR 2015 reg. 34(4) / reg. 75(1)"),
    NoticeKind.PCR_AWARD_NOTICE: KindInfo(
        None, "awardNotice", _A, "Contract award notice",
        "PCR 2015 reg. 50(3)-(4) / reg. 75(2)-(4)"),
    NoticeKind.CONTRACTS_FINDER_AWARD_NOTICE: KindInfo(
        None, "awardNotice", _A, "Contract award notice (Contracts Finder, below threshold)",
        "PCR 2015 reg. 112"),
    NoticeKind.UK4_TENDER: KindInfo(
        "UK4", "tenderNotice", _T, "Tender notice", "Procurement Act 2023 s.21"),
    NoticeKind.UK5_TRANSPARENCY: KindInfo(
        "UK5", "tenderNotice", _T, "Transparency notice", "Procurement Act 2023 s.44"),
    NoticeKind.UK6_CONTRACT_AWARD: KindInfo(
        "UK6", "awardNotice", _A, "Contract award notice", "Procurement Act 2023 s.50"),
    NoticeKind.UK7_CONTRACT_DETAILS: KindInfo(
        "UK7", "contractNotice", _C, "Contract details notice", "Procurement Act 2023 s.53"),
    NoticeKind.UK7_BELOW_THRESHOLD: KindInfo(
        "UK7", "contractNotice", _C,
        "Contract details notice (notifiable below-threshold contract)",
        "Procurement Act 2023 s.87"),
    NoticeKind.UK11_CONTRACT_TERMINATION: KindInfo(
        "UK11", "contractTerminationNotice", _I, "Contract termination notice",
        "Procurement Act 2023 s.80"),
    NoticeKind.UK12_PROCUREMENT_TERMINATION: KindInfo(
        "UK12", "tenderCancellationNotice", _T, "Procurement termination notice",
        "Procurement Act 2023 s.55"),
    NoticeKind.UK13_DYNAMIC_MARKET_INTENTION: KindInfo(
        "UK13", "tenderNotice", _T, "Dynamic market notice: intention to establish",
        "Procurement Act 2023 s.39; Procurement Regulations 2024 reg. 25"),
    NoticeKind.UK14_DYNAMIC_MARKET_ESTABLISHMENT: KindInfo(
        "UK14", "tenderNotice", _T, "Dynamic market notice: establishment",
        "Procurement Act 2023 s.39"),
    NoticeKind.UK15_DYNAMIC_MARKET_MODIFICATION: KindInfo(
        "UK15", "tenderNotice", _T, "Dynamic market notice: modification",
        "Procurement Act 2023 s.39"),
    NoticeKind.UK16_DYNAMIC_MARKET_CESSATION: KindInfo(
        "UK16", "tenderNotice", _T, "Dynamic market notice: cessation",
        "Procurement Act 2023 s.39"),
}


class NoticeStatus(StrEnum):
    WAITING = "waiting"
    SCHEDULED = "scheduled"
    DUE = "due"
    ISSUED = "issued"
    NOT_REQUIRED = "not_required"


OPEN = (NoticeStatus.WAITING, NoticeStatus.SCHEDULED, NoticeStatus.DUE)
#: Fixed for ever: a notice's id is derived from its process and key, so it is made once.
NOTICE_NAMESPACE = UUID("3c1f6a2e-7d4b-5e8f-9a0b-6c5d4e3f2a1b")


@dataclass(frozen=True, slots=True)
class Duty:
    """What the law asks of one notice now (computed from the facts: ``duties``)."""

    key: str
    kind: NoticeKind
    status: NoticeStatus
    due_at: datetime | None = None
    earliest_at: datetime | None = None
    reason: str = ""
    #: Which object holds the document: None (the tender) or an award / contract id.
    subject: str | None = None
    #: A grouped notice's document id (PCR award notices grouped each quarter).
    group: str | None = None
    group_title: str | None = None


class Notice:
    """One notice of one contracting process (a child of ``ContractingProcess``)."""

    def __init__(self, process_id: UUID, ocid: str, dps_id: UUID | None, duty: Duty,
                 now: datetime) -> None:
        self.id = uuid5(NOTICE_NAMESPACE, f"{process_id}:{duty.key}")
        self.key = duty.key
        self.kind = duty.kind
        self.ocid = ocid
        self.dps_id = dps_id
        self.created_at = now
        self.issued_at: datetime | None = None
        self.release_id: str | None = None
        self.overdue_reported_at: datetime | None = None
        self.status = duty.status
        self.due_at = duty.due_at
        self.earliest_at = duty.earliest_at
        self.reason = duty.reason
        self.subject = duty.subject
        self.group = duty.group
        self.group_title = duty.group_title

    @property
    def info(self) -> KindInfo:
        return NoticeKind(self.kind).info

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, now: datetime) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < now

    def follow(self, duty: Duty) -> None:
        """Take what the law now asks; an issued notice stays as it was published."""
        if self.status is NoticeStatus.ISSUED:
            return
        if (self.due_at, self.earliest_at) != (duty.due_at, duty.earliest_at):
            self.overdue_reported_at = None
        self.status = duty.status
        self.due_at = duty.due_at
        self.earliest_at = duty.earliest_at
        self.reason = duty.reason
        self.subject = duty.subject
        self.group = duty.group
        self.group_title = duty.group_title

    def ready(self, now: datetime) -> bool:
        return self.status is NoticeStatus.DUE or (
            self.status is NoticeStatus.SCHEDULED
            and self.earliest_at is not None and self.earliest_at <= now
        )

    def issue(self, now: datetime, release_id: str) -> None:
        self.status = NoticeStatus.ISSUED
        self.issued_at = now
        self.release_id = release_id
        self.reason = ""

    @property
    def document_id(self) -> str:
        return self.group or f"{self.ocid}-{self.key}"

    def document(self) -> dict[str, object]:
        """The notice as an OCDS document (the UK extension's ``noticeType``)."""
        info = self.info
        document: dict[str, object] = {
            "id": self.document_id,
            "documentType": info.document_type,
            "title": self.group_title or info.title,
            "description": f"{info.title} ({info.law}).",
            "datePublished": _iso(self.issued_at),
            "language": "en",
        }
        if info.notice_type:
            document["noticeType"] = info.notice_type
        return document


def _iso(moment: datetime | None) -> str | None:
    return iso(moment) if moment else None
