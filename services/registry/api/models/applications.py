"""Applications to lots and the decisions on them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from services.registry.api.models.base import Body, Read
from services.registry.api.models.memberships import MembershipRead
from services.registry.domain import limits as n
from services.registry.domain.applications import ApplicationStatus, LotOutcome
from services.registry.handlers.fields import LongText, Reason
from services.registry.handlers.specs import AnswerSpec, DocumentSpec


class ApplicationCreate(Body):
    dps_id: UUID
    lot_ids: list[UUID] = Field(min_length=1, max_length=n.LOTS)
    answers: list[AnswerSpec] = Field(
        default_factory=list, max_length=n.CHILDREN,
        description="An answer to every question of the lots applied to.",
    )
    documents: list[DocumentSpec] = Field(
        default_factory=list, max_length=n.CHILDREN,
        description="Every document the lots require: metadata, expiry, content hash.",
    )


class ExtendBody(Body):
    reason: Reason = Field(description="Why more time is needed (recorded).")


class AdmitBody(Body):
    why: Reason = Field(examples=["meets the selection criteria"])
    lot_ids: list[UUID] | None = Field(
        default=None, max_length=n.LOTS,
        description="Admit to these lots only; omitted: every lot applied to.",
    )
    reasons_for_others: list[Reason] = Field(
        default_factory=list, max_length=n.REASONS, description="Why the other lots were refused."
    )


class RejectBody(Body):
    reasons: list[Reason] = Field(min_length=1, max_length=n.REASONS)


class WithdrawBody(Body):
    why: LongText = ""


class AppliedLotRead(Read):
    lot_id: UUID
    outcome: LotOutcome


class AnswerRead(Read):
    question_id: UUID
    answer: bool


class ApplicationDocumentRead(Read):
    document_type: str
    title: str
    content_sha256: str
    declared_at: datetime
    expires_on: date | None


class ApplicationRead(Read):
    id: UUID
    dps_id: UUID
    provider_id: UUID
    provider_name: str
    status: ApplicationStatus
    lots: list[AppliedLotRead]
    answers: list[AnswerRead]
    documents: list[ApplicationDocumentRead]
    submitted_at: datetime
    decision_due_at: datetime
    extended: bool
    extension_reason: str
    decided_at: datetime | None
    decided_by: str | None
    rejection_reasons: list[str]


class AdmissionRead(Read):
    application: ApplicationRead
    memberships: list[MembershipRead]
