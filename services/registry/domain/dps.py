"""The DPS aggregate root: its regime, term and lifecycle, and who may apply when.

Lifecycle: draft -> open -> closed (by the council) or expired (end of term). The parts a
commissioner sets up (lots, questionnaire, criteria, rate cards, windows) live in
``dps_parts``; this module keeps the rules of time: the term, the regime's limits, and
``admission_open_for``, which says yes or explains the refusal by raising.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from dateutil.relativedelta import relativedelta

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor, Role, require_role
from services.registry.domain.audit import Decision, new_decision
from services.registry.domain.dps_parts import DpsParts
from services.registry.domain.lots import (
    AwardCriterion,
    ExtensionOption,
    Lot,
    ReopeningWindow,
    WindowStatus,
)
from services.registry.domain.rates import RateCard
from services.registry.domain.regimes import Regime, RegimeRules, rules_for
from services.registry.domain.windows import AdmissionMode, DpsWindows
from shared.domain import AggregateRoot
from shared.events.registry import DpsClosed, DpsOpened, ReopeningWindowClosed
from shared.workdays import end_of_local_day


class DpsStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


@dataclass(eq=False)
class BuyerOrganisation:
    """A council or health body buying through the DPS (several: joint commissioning)."""

    name: str
    kind: str = "council"
    id: UUID = field(default_factory=uuid4)


def _term_end(starts_on: date, months: int) -> date:
    return starts_on + relativedelta(months=months) - timedelta(days=1)


class Dps(DpsParts, DpsWindows, AggregateRoot):
    def __init__(
        self,
        *,
        name: str,
        buyers: list[BuyerOrganisation],
        regime: Regime,
        service_category: str,
        starts_on: date,
        initial_term_months: int,
        extension_months: list[int] | None = None,
        admission_mode: AdmissionMode = AdmissionMode.CONTINUOUS,
        initial_window_ends_at: datetime | None = None,
        decision_service_level_working_days: int | None = None,
        decision_extension_service_level_working_days: int | None = None,
        participation_fee: Decimal = Decimal("0"),
        suspend_on_missed_redeclaration: bool = True,
        suspend_on_expired_document: bool = True,
        document_warning_days: int = 30,
        redeclaration_working_days: int = 5,
        id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.name = name
        self.buyers = list(buyers)
        self.regime = Regime(regime)
        self.service_category = service_category
        self.starts_on = starts_on
        self.initial_term_months = initial_term_months
        self.extension_options = [
            ExtensionOption(sequence=i + 1, months=m) for i, m in enumerate(extension_months or [])
        ]
        self.admission_mode = AdmissionMode(admission_mode)
        self.initial_window_ends_at = initial_window_ends_at
        self.decision_service_level_working_days = decision_service_level_working_days
        self.decision_extension_service_level_working_days = (
            decision_extension_service_level_working_days
        )
        self.participation_fee = Decimal(participation_fee)
        self.suspend_on_missed_redeclaration = suspend_on_missed_redeclaration
        self.suspend_on_expired_document = suspend_on_expired_document
        self.document_warning_days = document_warning_days
        self.redeclaration_working_days = redeclaration_working_days
        self.status = DpsStatus.DRAFT
        self.opened_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.end_reason: str = ""
        self.lots: list[Lot] = []
        self.windows: list[ReopeningWindow] = []
        self.criteria: list[AwardCriterion] = []
        self.rate_cards: list[RateCard] = []
        self.decisions: list[Decision] = []
        self._check_set_up()

    @classmethod
    def set_up(cls, *, now: datetime, by: Actor, **kwargs: object) -> Dps:
        """A commissioner drafts a DPS; the regime's limits are checked before anything exists."""
        require_role(by, Role.COMMISSIONER)
        dps = cls(**kwargs)  # type: ignore[arg-type]
        dps.decisions.append(new_decision("dps", dps.id, "set_up", by, now, dps.regime.value))
        return dps

    # --- the regime and the term --------------------------------------------------------

    @property
    def rules(self) -> RegimeRules:
        return rules_for(self.regime)

    @property
    def initial_term_ends_on(self) -> date:
        return _term_end(self.starts_on, self.initial_term_months)

    @property
    def max_end_on(self) -> date:
        months = self.initial_term_months + sum(o.months for o in self.extension_options)
        return _term_end(self.starts_on, months)

    @property
    def current_end_on(self) -> date:
        taken = sum(o.months for o in self.extension_options if o.exercised)
        return _term_end(self.starts_on, self.initial_term_months + taken)

    @property
    def decision_working_days(self) -> int:
        # A statutory period, where the regime has one, overrides the council's own.
        days = self.rules.decision_working_days or self.decision_service_level_working_days
        assert days is not None  # guaranteed by _check_set_up
        return days

    @property
    def decision_extension_working_days(self) -> int | None:
        return (
            self.rules.decision_extension_working_days
            or self.decision_extension_service_level_working_days
        )

    def _check_set_up(self) -> None:
        rules = self.rules
        if not self.name.strip():
            raise e.InvalidTerm("A DPS needs a name.")
        if not self.buyers:
            raise e.InvalidTerm("A DPS needs at least one buyer organisation.")
        if self.initial_term_months < 1 or any(o.months < 1 for o in self.extension_options):
            raise e.InvalidTerm("Term and extension lengths must be at least one month.")
        if rules.latest_end and self.max_end_on > rules.latest_end:
            raise e.TermBeyondRegime(
                f"A {rules.label} cannot run past {rules.latest_end:%d %b %Y}; with every"
                f" extension this one would end on {self.max_end_on:%d %b %Y}. Shorten the"
                " term or the extension options.",
                latest_end=rules.latest_end.isoformat(),
                max_end=self.max_end_on.isoformat(),
            )
        total = self.initial_term_months + sum(o.months for o in self.extension_options)
        if rules.max_term_months and total > rules.max_term_months:
            raise e.TermBeyondRegime(
                f"A {rules.label} may last {rules.max_term_months} months at most, extensions"
                f" included; this one would last {total}.",
                max_term_months=rules.max_term_months,
            )
        if self.participation_fee > 0 and not rules.fees_allowed:
            raise e.FeesNotAllowed(f"A {rules.label} may not charge providers a fee.")
        if rules.decision_working_days is None and not self.decision_service_level_working_days:
            raise e.DecisionServiceLevelRequired(
                f"A {rules.label} has no statutory decision period: set the council's service"
                " level (decision_service_level_working_days)."
            )
        if self.admission_mode is AdmissionMode.WINDOWS and self.initial_window_ends_at is None:
            raise e.InvalidWindow("A DPS that admits in windows needs an initial window end.")

    # --- lifecycle ----------------------------------------------------------------------

    def open(self, now: datetime, by: Actor) -> None:
        require_role(by, Role.COMMISSIONER)
        if self.status is not DpsStatus.DRAFT:
            raise e.InvalidDpsTransition(
                f"Only a draft DPS can be opened; this one is {self.status}."
            )
        if not self.lots:
            raise e.DpsHasNoLots("Add at least one lot before opening the DPS.")
        if now > end_of_local_day(self.current_end_on):
            raise e.TermEnded(f"The term ended on {self.current_end_on:%d %b %Y}.")
        self.status = DpsStatus.OPEN
        self.opened_at = now
        self._decide("open", now, by)
        self.record(
            DpsOpened(
                occurred_at=now,
                dps_id=self.id,
                name=self.name,
                regime=self.regime.value,
                service_category=self.service_category,
                buyer_organisations=[b.name for b in self.buyers],
                starts_on=self.starts_on,
                initial_term_ends_on=self.initial_term_ends_on,
                latest_end_on=self.max_end_on,
                lots=[lot.summary() for lot in self.lots],
                current_end_on=self.current_end_on,
            )
        )
        self._advance_windows(now)

    def close(self, now: datetime, by: Actor, reason: str) -> None:
        require_role(by, Role.COMMISSIONER)
        if not reason.strip():
            raise e.ReasonRequired("Say why the DPS is being closed.")
        self._end(DpsStatus.CLOSED, now, reason)
        self._decide("close", now, by, reason)

    def expire(self, now: datetime) -> None:
        """The term ran out (the ticker calls this); refused while the term lasts."""
        if now <= end_of_local_day(self.current_end_on):
            raise e.TermNotEnded(f"The term runs until {self.current_end_on:%d %b %Y}.")
        self._end(DpsStatus.EXPIRED, now, f"term ended on {self.current_end_on.isoformat()}")

    def _end(self, status: DpsStatus, now: datetime, reason: str) -> None:
        if self.status is not DpsStatus.OPEN:
            raise e.InvalidDpsTransition(f"Only an open DPS can end; this one is {self.status}.")
        self.status = status
        self.ended_at = now
        self.end_reason = reason
        for window in self.windows:
            if window.status is not WindowStatus.CLOSED and window.opens_at <= now:
                window.status = WindowStatus.CLOSED
                self.record(
                    ReopeningWindowClosed(
                        occurred_at=now, dps_id=self.id, window_id=window.id,
                        lot_ids=window.lot_id_list(), closed_at=now, reason=reason,
                    )
                )
        self.record(DpsClosed(occurred_at=now, dps_id=self.id, outcome=status.value, reason=reason))

    def exercise_extension(self, now: datetime, by: Actor, why: str) -> ExtensionOption:
        require_role(by, Role.COMMISSIONER)
        if self.status is not DpsStatus.OPEN:
            raise e.DpsNotOpen("Only an open DPS can be extended.")
        option = next((o for o in self.extension_options if not o.exercised), None)
        if option is None:
            raise e.NoExtensionLeft("Every extension option has been taken.")
        option.exercised = True
        self._changed("extension_exercised", now, by, why)
        return option

    def advance(self, now: datetime) -> None:
        """What the passing of time does (run by the ticker): windows open and close, closed
        lots stop admitting after the initial window, the DPS expires at the end of term."""
        if self.status is not DpsStatus.OPEN:
            return
        self._advance_windows(now)
        if now > end_of_local_day(self.current_end_on):
            self.expire(now)

    # --- helpers used by the mixins ------------------------------------------------------

    def _decide(self, action: str, now: datetime, by: Actor, why: str = "") -> None:
        self.decisions.append(new_decision("dps", self.id, action, by, now, why))

