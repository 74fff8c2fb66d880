"""A DPS as a consuming service knows it, and how each registry event changes it.

The registry owns the DPS; this copy only follows it. Every change arrives as an event
about the DPS aggregate, in version order (the consumer holds back a later event until the
earlier ones are applied), so applying them one after the other keeps the copy equal to the
registry's DPS. A change about a DPS never announced is refused (``DpsNotKnown``), so it is
dead-lettered with that reason rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from shared.errors import NotFound
from shared.events.registry import DpsOpened, LotSummary


class DpsNotKnown(NotFound):
    code = "dps_not_known"


class LotNotKnown(NotFound):
    code = "lot_not_known"


class KnownDpsStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


@dataclass
class KnownLot:
    lot_id: UUID
    code: str
    title: str
    admission_open: bool
    closed_lot: bool
    cqc_registration_required: bool
    remote_delivery_allowed: bool

    @classmethod
    def from_summary(cls, lot: LotSummary) -> KnownLot:
        return cls(
            lot_id=lot.lot_id,
            code=lot.code,
            title=lot.title,
            admission_open=lot.admission_open,
            closed_lot=lot.closed_lot,
            cqc_registration_required=lot.cqc_registration_required,
            remote_delivery_allowed=lot.remote_delivery_allowed,
        )


@dataclass
class OpenWindow:
    """A reopening window now open: providers may apply to ``lot_ids`` until ``closes_at``."""

    window_id: UUID
    lot_ids: list[UUID]
    opens_at: datetime
    closes_at: datetime


@dataclass
class KnownDps:
    id: UUID
    name: str
    regime: str
    service_category: str
    buyer_organisations: list[str]
    status: KnownDpsStatus
    starts_on: date
    initial_term_ends_on: date
    current_end_on: date
    latest_end_on: date
    opened_at: datetime
    ended_at: datetime | None = None
    end_reason: str = ""
    lots: list[KnownLot] = field(default_factory=list)
    open_windows: list[OpenWindow] = field(default_factory=list)

    @classmethod
    def opened(cls, event: DpsOpened) -> KnownDps:
        return cls(
            id=event.dps_id,
            name=event.name,
            regime=event.regime,
            service_category=event.service_category,
            buyer_organisations=list(event.buyer_organisations),
            status=KnownDpsStatus.OPEN,
            starts_on=event.starts_on,
            initial_term_ends_on=event.initial_term_ends_on,
            current_end_on=event.current_end_on or event.initial_term_ends_on,
            latest_end_on=event.latest_end_on,
            opened_at=event.occurred_at,
            lots=[KnownLot.from_summary(lot) for lot in event.lots],
        )

    def lot(self, lot_id: UUID) -> KnownLot:
        found = next((lot for lot in self.lots if lot.lot_id == lot_id), None)
        if found is None:
            raise LotNotKnown(f"{self.name} has no lot {lot_id}.", lot_id=str(lot_id))
        return found

    def changed(self, name: str, current_end_on: date, lots: list[LotSummary]) -> None:
        """A ``DpsChanged``: the name, the term's current end and every lot as they now are."""
        self.name = name
        self.current_end_on = current_end_on
        self.lots = [KnownLot.from_summary(lot) for lot in lots]

    def lot_opened(self, lot: LotSummary) -> None:
        """A lot was added while open, or admits providers again."""
        known = KnownLot.from_summary(lot)
        self.lots = [known if old.lot_id == lot.lot_id else old for old in self.lots]
        if all(old.lot_id != lot.lot_id for old in self.lots):
            self.lots.append(known)

    def lot_closed(self, lot_id: UUID) -> None:
        """A lot stopped admitting providers; its members stay members."""
        self.lot(lot_id).admission_open = False

    def window_opened(
        self, window_id: UUID, lot_ids: list[UUID], opens_at: datetime, closes_at: datetime
    ) -> None:
        self.window_closed(window_id)
        self.open_windows.append(OpenWindow(window_id, list(lot_ids), opens_at, closes_at))

    def window_closed(self, window_id: UUID) -> None:
        self.open_windows = [w for w in self.open_windows if w.window_id != window_id]

    def ended(self, outcome: str, at: datetime, reason: str) -> None:
        """Closed by the council or expired: no new call-offs under it."""
        self.status = KnownDpsStatus(outcome)
        self.ended_at = at
        self.end_reason = reason
        self.open_windows = []
