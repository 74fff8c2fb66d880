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
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared.errors import NotFound
from shared.events.registry import (
    CriterionSummary,
    DpsOpened,
    LotSummary,
    PriceCompliance,
    RateCardAdded,
    RateSummary,
)


class DpsNotKnown(NotFound):
    code = "dps_not_known"

    @classmethod
    def of(cls, dps_id: UUID, service: str) -> DpsNotKnown:
        return cls(f"No DPS {dps_id} is known to the {service} service (yet).",
                   dps_id=str(dps_id))


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
class KnownCriterion:
    """A criterion of the DPS's catalogue, with the weight range call-offs may give it."""

    code: str
    name: str
    kind: str
    min_weight: Decimal
    max_weight: Decimal

    @classmethod
    def from_summary(cls, c: CriterionSummary) -> KnownCriterion:
        return cls(c.code, c.name, c.kind, c.min_weight, c.max_weight)

    def allows(self, weight: Decimal) -> bool:
        return self.min_weight <= weight <= self.max_weight


@dataclass
class KnownRate:
    element: str
    unit: str
    band: str | None
    min_amount: Decimal
    max_amount: Decimal

    @classmethod
    def from_summary(cls, r: RateSummary) -> KnownRate:
        return cls(r.element, r.unit, r.band, r.min_amount, r.max_amount)


@dataclass
class KnownRateCard:
    """A lot's reference rates over a period (``effective_to`` None: open-ended)."""

    rate_card_id: UUID
    lot_id: UUID
    effective_from: date
    effective_to: date | None
    rates: list[KnownRate]

    def effective_on(self, day: date) -> bool:
        return self.effective_from <= day <= (self.effective_to or date.max)


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
    #: The award-criteria catalogue (fixed from opening) and how prices are checked.
    criteria: list[KnownCriterion] = field(default_factory=list)
    price_compliance: PriceCompliance = field(default_factory=PriceCompliance)
    rate_cards: list[KnownRateCard] = field(default_factory=list)

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
            criteria=[KnownCriterion.from_summary(c) for c in event.criteria],
            price_compliance=event.price_compliance,
        )

    def lot(self, lot_id: UUID) -> KnownLot:
        found = next((lot for lot in self.lots if lot.lot_id == lot_id), None)
        if found is None:
            raise LotNotKnown(f"{self.name} has no lot {lot_id}.", lot_id=str(lot_id))
        return found

    def criterion(self, code: str) -> KnownCriterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def reference_rates(self, lot_id: UUID, on: date) -> list[KnownRate]:
        """The lot's reference rates in force on ``on`` (none if no card covers that day)."""
        card = next(
            (c for c in self.rate_cards if c.lot_id == lot_id and c.effective_on(on)), None
        )
        return list(card.rates) if card else []

    def rate_card_added(self, event: RateCardAdded) -> None:
        """A card arrives once per id; a redelivered one replaces itself."""
        card = KnownRateCard(
            rate_card_id=event.rate_card_id,
            lot_id=event.lot_id,
            effective_from=event.effective_from,
            effective_to=event.effective_to,
            rates=[KnownRate.from_summary(r) for r in event.rates],
        )
        self.rate_cards = [c for c in self.rate_cards if c.rate_card_id != card.rate_card_id]
        self.rate_cards.append(card)
        self.rate_cards.sort(key=lambda c: (str(c.lot_id), c.effective_from))

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
