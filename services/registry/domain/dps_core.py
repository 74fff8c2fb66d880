"""The state of a DPS and the rules every part of it shares: regime, term, status, lots.

``Dps`` is built in layers that depend one way: this core (state, the regime's rules in
force, the term, finding a lot, recording a change), then ``dps_setup`` (what a
commissioner sets up inside it) and ``dps_windows`` (who may apply when), both on the core,
and ``dps`` on top (the lifecycle). Nothing here imports those modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from dateutil.relativedelta import relativedelta

from services.registry.domain import errors as e
from services.registry.domain import limits
from services.registry.domain.actors import Actor, Role, require_role
from services.registry.domain.audit import AuditAction, Decision, new_decision
from services.registry.domain.limits import check_date
from services.registry.domain.lots import AwardCriterion, ExtensionOption, Lot, ReopeningWindow
from services.registry.domain.rates import PriceAboveReference, RateCard, money
from shared.domain import AggregateRoot
from shared.events.registry import DpsChanged, PriceCompliance
from shared.regimes import Regime, RegimeRules, first_rules, rules_effective_from, rules_for


class DpsStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class AdmissionMode(StrEnum):
    #: Providers may apply at any time (the DPS as the regulations picture it).
    CONTINUOUS = "continuous"
    #: Providers may apply in the initial window and in reopening windows only.
    WINDOWS = "windows"


@dataclass(eq=False)
class BuyerOrganisation:
    """A council or health body buying through the DPS (several: joint commissioning)."""

    name: str
    kind: str = "council"
    id: UUID = field(default_factory=uuid4)


def require_dps_visible(actor: Actor, dps_id: UUID, status: DpsStatus) -> None:
    """A draft is the council's own work: to a provider it does not exist yet."""
    if actor.is_provider and status is DpsStatus.DRAFT:
        raise e.DpsNotFound.of(dps_id)


def term_end(starts_on: date, months: int) -> date:
    return starts_on + relativedelta(months=months) - timedelta(days=1)


def draft_rules(regime: Regime | str, on: date) -> RegimeRules:
    """The rules a draft is checked against: those in force on ``on``, or, for a DPS
    prepared before its regime takes effect, the regime's first rules (it cannot open
    before then)."""
    regime = Regime(regime)
    if on < first_rules(regime).effective_from:
        return first_rules(regime)
    return rules_for(regime, on=on)


class DpsCore(AggregateRoot):
    def __init__(
        self,
        *,
        name: str,
        buyers: list[BuyerOrganisation],
        regime: Regime,
        service_category: str,
        starts_on: date,
        initial_term_months: int,
        rules_effective_from: date | None = None,
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
        price_above_reference: PriceAboveReference = PriceAboveReference.NON_COMPLIANT,
        abnormally_low_percent: int = 80,
        id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.name = name
        self.buyers = list(buyers)
        self.regime = Regime(regime)
        #: The rule set this DPS keeps (the one in force when it was drafted, then opened).
        self.rules_effective_from = rules_effective_from or first_rules(self.regime).effective_from
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
        self.participation_fee = participation_fee
        self.suspend_on_missed_redeclaration = suspend_on_missed_redeclaration
        self.suspend_on_expired_document = suspend_on_expired_document
        self.document_warning_days = document_warning_days
        self.redeclaration_working_days = redeclaration_working_days
        #: How call-off prices are checked against the reference rates.
        self.price_above_reference = PriceAboveReference(price_above_reference)
        self.abnormally_low_percent = abnormally_low_percent
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

    # --- the regime and the term --------------------------------------------------------

    @property
    def rules(self) -> RegimeRules:
        """The rule set this DPS keeps: a later change in the law does not re-rule it."""
        return rules_effective_from(self.regime, self.rules_effective_from)

    @property
    def initial_term_ends_on(self) -> date:
        return term_end(self.starts_on, self.initial_term_months)

    @property
    def max_end_on(self) -> date:
        months = self.initial_term_months + sum(o.months for o in self.extension_options)
        return term_end(self.starts_on, months)

    @property
    def current_end_on(self) -> date:
        taken = sum(o.months for o in self.extension_options if o.exercised)
        return term_end(self.starts_on, self.initial_term_months + taken)

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

    def in_initial_window(self, at: datetime) -> bool:
        return self.initial_window_ends_at is not None and at < self.initial_window_ends_at

    def _check_set_up(self) -> None:
        """The DPS as drafted keeps to the law (its rule set) and to what can be stored."""
        self._check_bounds()
        rules = self.rules
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

    def _check_bounds(self) -> None:
        if not self.name.strip():
            raise e.InvalidTerm("A DPS needs a name.")
        if not self.buyers or any(not b.name.strip() for b in self.buyers):
            raise e.InvalidTerm("A DPS needs at least one buyer organisation, each named.")
        if not limits.EARLIEST_START <= self.starts_on <= limits.LATEST_START:
            raise e.DateOutOfRange(
                f"A DPS starts between {limits.EARLIEST_START} and {limits.LATEST_START}.",
                field="starts_on", value=self.starts_on.isoformat(),
            )
        months = [self.initial_term_months, *(o.months for o in self.extension_options)]
        if any(m < 1 for m in months):
            raise e.InvalidTerm("Term and extension lengths must be at least one month.")
        if self.initial_term_months > limits.TERM_MONTHS_MAX or any(
            o.months > limits.EXTENSION_MONTHS_MAX for o in self.extension_options
        ) or len(self.extension_options) > limits.EXTENSION_OPTIONS:
            raise e.InvalidTerm(
                f"A term lasts at most {limits.TERM_MONTHS_MAX} months, with at most"
                f" {limits.EXTENSION_OPTIONS} extension options of {limits.EXTENSION_MONTHS_MAX}"
                " months each."
            )
        if self.initial_window_ends_at is not None:
            check_date(self.initial_window_ends_at.date(), "initial_window_ends_at")
        if not 0 <= self.abnormally_low_percent <= 100:
            raise e.InvalidTerm(
                "abnormally_low_percent is a percent of the reference minimum, 0 to 100.",
                field="abnormally_low_percent",
            )
        try:
            fee = money(self.participation_fee)
        except e.InvalidRate as invalid:
            raise e.InvalidFee(invalid.message, field="participation_fee") from None
        self.participation_fee = fee

    # --- parts, and the record of every change ------------------------------------------

    @property
    def price_compliance(self) -> PriceCompliance:
        return PriceCompliance(
            price_above_reference=self.price_above_reference.value,
            abnormally_low_percent=self.abnormally_low_percent,
        )

    def lot(self, lot_id: UUID) -> Lot:
        for lot in self.lots:
            if lot.id == lot_id:
                return lot
        raise e.LotNotFound(f"{self.name} has no lot {lot_id}.", lot_id=str(lot_id))

    def lot_by_code(self, code: str) -> Lot:
        for lot in self.lots:
            if lot.code == code:
                return lot
        raise e.LotNotFound(f"{self.name} has no lot {code!r}.", code=code)

    def require_visible_to(self, actor: Actor) -> None:
        require_dps_visible(actor, self.id, self.status)

    def _require_editable(self, by: Actor) -> None:
        require_role(by, Role.COMMISSIONER)
        if self.status not in (DpsStatus.DRAFT, DpsStatus.OPEN):
            raise e.DpsNotEditable(f"{self.name} is {self.status}; it can no longer change.")

    def _changed(self, change: AuditAction, now: datetime, by: Actor, why: str = "") -> bool:
        """Record the decision; publish ``DpsChanged`` if the DPS is already open."""
        self._decide(change, now, by, why)
        if self.status is not DpsStatus.OPEN:
            return False
        self.record(DpsChanged(
            occurred_at=now, dps_id=self.id, change=change.value, name=self.name,
            current_end_on=self.current_end_on, lots=[lot.summary() for lot in self.lots],
        ))
        return True

    def _decide(self, action: AuditAction, now: datetime, by: Actor, why: str = "") -> None:
        self.decisions.append(new_decision("dps", self.id, self.name, action, by, now, why))
