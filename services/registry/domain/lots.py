"""The parts of a DPS: lots with their selection questionnaire, reopening windows, term
extension options and the award-criteria catalogue. Child entities of ``Dps``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from services.registry.domain.errors import InvalidWeightRange, InvalidWindow
from shared.events.registry import CriterionSummary, LotSummary


@dataclass(eq=False)
class SelectionQuestion:
    """A pass/fail question: the applicant passes when its yes/no answer equals ``pass_answer``."""

    code: str
    text: str
    pass_answer: bool = True
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class RequiredDocument:
    """A document an applicant must declare (and, if ``must_not_be_expired``, keep in date)."""

    document_type: str
    description: str = ""
    must_not_be_expired: bool = True
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Lot:
    """A category of the DPS. A *closed* lot admits only during the DPS's initial window."""

    code: str
    title: str
    description: str = ""
    closed_lot: bool = False
    cqc_registration_required: bool = False
    remote_delivery_allowed: bool = False
    #: The commissioner may pause admissions to a lot; existing members stay.
    accepting_applications: bool = True
    questions: list[SelectionQuestion] = field(default_factory=list)
    required_documents: list[RequiredDocument] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)

    def summary(self) -> LotSummary:
        return LotSummary(
            lot_id=self.id,
            code=self.code,
            title=self.title,
            admission_open=self.accepting_applications,
            closed_lot=self.closed_lot,
            cqc_registration_required=self.cqc_registration_required,
            remote_delivery_allowed=self.remote_delivery_allowed,
        )


class WindowStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(eq=False)
class ReopeningWindow:
    """A period in which providers may apply, for the named lots (empty: every open lot).

    Whether it admits is a matter of its times; ``status`` only tracks which events have
    been published, so a late ticker never changes who could apply when.
    """

    opens_at: datetime
    closes_at: datetime
    lots: list[WindowLot] = field(default_factory=list)
    status: WindowStatus = WindowStatus.SCHEDULED
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise InvalidWindow("Window times must be timezone-aware.")
        if self.closes_at <= self.opens_at:
            raise InvalidWindow(
                f"A window must close after it opens ({self.opens_at} to {self.closes_at})."
            )

    def covers(self, lot_id: UUID, at: datetime) -> bool:
        in_time = self.opens_at <= at < self.closes_at
        return in_time and (not self.lots or any(w.lot_id == lot_id for w in self.lots))

    def lot_id_list(self) -> list[UUID]:
        return [w.lot_id for w in self.lots]


@dataclass(eq=False)
class WindowLot:
    """A lot a reopening window applies to (a row, so the ORM can map it as a child)."""

    lot_id: UUID
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class ExtensionOption:
    """An option to extend the DPS term (e.g. the first of 2 x 12 months)."""

    sequence: int
    months: int
    exercised: bool = False
    id: UUID = field(default_factory=uuid4)


class CriterionKind(StrEnum):
    QUALITY = "quality"
    COST = "cost"
    SOCIAL_VALUE = "social_value"


@dataclass(eq=False)
class AwardCriterion:
    """A criterion call-offs may use, with the weight range (percent) they may give it."""

    code: str
    name: str
    kind: CriterionKind
    min_weight: Decimal
    max_weight: Decimal
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = CriterionKind(self.kind)
        self.min_weight = Decimal(self.min_weight)
        self.max_weight = Decimal(self.max_weight)
        if not (Decimal(0) <= self.min_weight <= self.max_weight <= Decimal(100)):
            raise InvalidWeightRange(
                f"Weights for {self.code!r} must satisfy 0 <= min <= max <= 100"
                f" (got {self.min_weight}-{self.max_weight}).",
                code=self.code,
            )

    def summary(self) -> CriterionSummary:
        return CriterionSummary(
            code=self.code, name=self.name, kind=self.kind.value,
            min_weight=self.min_weight, max_weight=self.max_weight,
        )

    def allows(self, weight: Decimal) -> bool:
        return self.min_weight <= weight <= self.max_weight
