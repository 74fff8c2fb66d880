"""Memberships of lots, and re-declaration requests."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from services.registry.api.models.base import Body, Read
from services.registry.domain.memberships import (
    MembershipStatus,
    RemovalReason,
    SuspensionReason,
)
from services.registry.handlers.fields import LongText, Reason


class SuspendBody(Body):
    reason: SuspensionReason
    why: LongText = ""


class ReinstateBody(Body):
    why: Reason


class RemoveBody(Body):
    reason: RemovalReason
    why: Reason


class RedeclareBody(Body):
    note: LongText = ""


class RedeclarationRead(Read):
    request_id: UUID
    requested_at: datetime
    due_at: datetime
    answered_at: datetime | None
    missed: bool


class MembershipRead(Read):
    id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str
    application_id: UUID
    admitted_at: datetime
    status: MembershipStatus
    suspension_reason: SuspensionReason | None
    suspended_at: datetime | None
    removal_reason: RemovalReason | None
    removed_at: datetime | None
    redeclarations: list[RedeclarationRead]


class RedeclarationRequestRead(Read):
    request_id: UUID
    dps_id: UUID
    lot_id: UUID
    due_at: datetime | None = Field(description="None when the lot has no current member.")
    membership_ids: list[UUID]
