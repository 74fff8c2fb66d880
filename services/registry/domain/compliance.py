"""Keeping members compliant: re-declarations and document expiry, run on the clock.

Both suspensions are settings of the DPS (``suspend_on_missed_redeclaration``,
``suspend_on_expired_document``); a document expiry is always warned about first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from services.registry.domain import errors as e
from services.registry.domain.actors import SYSTEM, Actor, Role, require_role
from services.registry.domain.dps import Dps, DpsStatus
from services.registry.domain.memberships import Membership, SuspensionReason
from services.registry.domain.providers import Provider
from shared.events.registry import DocumentExpiring
from shared.workdays import local_date


def request_redeclaration(
    *, dps: Dps, lot_id: UUID, memberships: Iterable[Membership], now: datetime, by: Actor
) -> UUID:
    """Ask every current member of the lot to re-declare within the DPS's working days (5)."""
    require_role(by, Role.COMMISSIONER)
    lot = dps.lot(lot_id)
    if dps.status is not DpsStatus.OPEN:
        raise e.DpsNotOpen(f"{dps.name} is {dps.status}.")
    members = [m for m in memberships if m.dps_id == dps.id and m.lot_id == lot.id and m.is_current]
    # One request at a time: a second would be answered by the member's one answer to the
    # first, and the member then suspended for "missing" the second.
    waiting = [m for m in members if m.awaits_redeclaration(now)]
    if waiting:
        due = min(r.due_at for m in waiting for r in m.redeclarations if r.outstanding)
        raise e.RedeclarationAlreadyRequested(
            f"Members of lot {lot.code} are still answering a re-declaration request (due"
            f" {due:%d %b %Y %H:%M} UTC); ask again once it is answered or due.",
            due_at=due.isoformat(),
        )
    request_id = uuid4()
    for m in members:
        m.request_redeclaration(request_id, now, by, working_days=dps.redeclaration_working_days)
    return request_id


def check_redeclarations(
    *, dps: Dps, memberships: Iterable[Membership], now: datetime
) -> list[Membership]:
    """The ticker's pass: the members suspended for a missed re-declaration."""
    return [
        m for m in memberships
        if m.dps_id == dps.id and m.is_current
        and m.check_redeclarations(now, suspend_when_missed=dps.suspend_on_missed_redeclaration)
    ]


def check_documents(
    *, dps: Dps, provider: Provider, memberships: Iterable[Membership], now: datetime
) -> list[Membership]:
    """Warn about documents expiring within the DPS's warning period, once each; suspend
    the provider's memberships whose lot needs a document that has expired (if configured).
    Returns the memberships suspended."""
    today = local_date(now)
    mine = [
        m for m in memberships
        if m.dps_id == dps.id and m.provider_id == provider.id and m.is_current
    ]
    needed: dict[str, list[Membership]] = {}
    for m in mine:
        for req in dps.lot(m.lot_id).required_documents:
            if req.must_not_be_expired:
                needed.setdefault(req.document_type, []).append(m)
    current = {t: provider.current_document(t) for t in needed}
    dated = {t: d for t, d in current.items() if d is not None and d.expires_on is not None}
    # Warn about every document first, so no suspension ever precedes its warning.
    # Counted forward from today, so that no stored expiry date can overflow the sum.
    warn_until = today + timedelta(days=dps.document_warning_days)
    for doc in dated.values():
        assert doc.expires_on is not None
        if doc.warned_on is None and doc.expires_on <= warn_until:
            doc.warned_on = today
            provider.record(DocumentExpiring(
                occurred_at=now, provider_id=provider.id, document_id=doc.id,
                document_type=doc.document_type, expires_on=doc.expires_on,
            ))
    suspended: list[Membership] = []
    if not dps.suspend_on_expired_document:
        return suspended
    for document_type, doc in dated.items():
        if not doc.expired_on(today):
            continue
        for m in needed[document_type]:
            if m.is_active:
                m.suspend(SuspensionReason.EXPIRED_DOCUMENT, now, SYSTEM,
                          f"{document_type} expired on {doc.expires_on}")
                suspended.append(m)
    return suspended
