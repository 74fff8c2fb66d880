"""The DPS aggregate root: its lifecycle on top of its layers.

Lifecycle: draft -> open -> closed (by the council) or expired (end of term). The layers
depend one way: ``dps_core`` (state, regime, term), ``dps_setup`` (lots, questionnaire,
criteria, rate cards) and ``dps_windows`` (who may apply when) on it, and this module on
them. A DPS keeps the regime's rule set in force when it opened.
"""

from __future__ import annotations

from datetime import datetime

from services.registry.domain import errors as e
from services.registry.domain.actors import SYSTEM, Actor, Role, require_role
from services.registry.domain.audit import AuditAction
from services.registry.domain.dps_core import (
    AdmissionMode,
    BuyerOrganisation,
    DpsStatus,
    draft_rules,
)
from services.registry.domain.dps_setup import DpsSetUp
from services.registry.domain.dps_windows import DpsWindows
from services.registry.domain.lots import ExtensionOption, WindowStatus
from shared.events.registry import DpsClosed, DpsOpened, ReopeningWindowClosed
from shared.regimes import Regime, rules_for
from shared.workdays import end_of_local_day, local_date

__all__ = ["AdmissionMode", "BuyerOrganisation", "Dps", "DpsStatus"]


class Dps(DpsSetUp, DpsWindows):
    aggregate_type = "dps"

    @classmethod
    def set_up(cls, *, now: datetime, by: Actor, **kwargs: object) -> Dps:
        """A commissioner drafts a DPS, checked against the rules in force today."""
        require_role(by, Role.COMMISSIONER)
        regime = Regime(kwargs["regime"])  # type: ignore[arg-type]
        rules = draft_rules(regime, local_date(now))
        kwargs.setdefault("rules_effective_from", rules.effective_from)
        dps = cls(**kwargs)  # type: ignore[arg-type]
        dps._decide(AuditAction.SET_UP, now, by, dps.regime.value)
        return dps

    # --- lifecycle ----------------------------------------------------------------------

    def open(self, now: datetime, by: Actor) -> None:
        """Open for applications, under the regime's rules in force today, kept for life."""
        require_role(by, Role.COMMISSIONER)
        if self.status is not DpsStatus.DRAFT:
            raise e.InvalidDpsTransition(
                f"Only a draft DPS can be opened; this one is {self.status}."
            )
        if not self.lots:
            raise e.DpsHasNoLots("Add at least one lot before opening the DPS.")
        if now > end_of_local_day(self.current_end_on):
            raise e.TermEnded(f"The term ended on {self.current_end_on:%d %b %Y}.")
        drafted_under = self.rules_effective_from
        self.rules_effective_from = rules_for(self.regime, on=local_date(now)).effective_from
        try:
            self._check_set_up()  # the law may have changed since the draft
        except Exception:
            self.rules_effective_from = drafted_under
            raise
        self.status = DpsStatus.OPEN
        self.opened_at = now
        self._decide(AuditAction.OPENED, now, by)
        self.record(
            DpsOpened(
                occurred_at=now,
                dps_id=self.id,
                name=self.name,
                regime=self.regime.value,
                rules_effective_from=self.rules_effective_from,
                service_category=self.service_category,
                buyer_organisations=[b.name for b in self.buyers],
                starts_on=self.starts_on,
                initial_term_ends_on=self.initial_term_ends_on,
                latest_end_on=self.max_end_on,
                lots=[lot.summary() for lot in self.lots],
                current_end_on=self.current_end_on,
                criteria=[c.summary() for c in self.criteria],
                price_compliance=self.price_compliance,
            )
        )
        for card in self.rate_cards:
            self.record(card.announced(self.id, now))
        self._advance_windows(now)

    def close(self, now: datetime, by: Actor, reason: str) -> None:
        require_role(by, Role.COMMISSIONER)
        if not reason.strip():
            raise e.ReasonRequired("Say why the DPS is being closed.")
        self._end(DpsStatus.CLOSED, now, reason)
        self._decide(AuditAction.CLOSED, now, by, reason)

    def expire(self, now: datetime) -> None:
        """The term ran out (the ticker calls this); refused while the term lasts."""
        if now <= end_of_local_day(self.current_end_on):
            raise e.TermNotEnded(f"The term runs until {self.current_end_on:%d %b %Y}.")
        reason = f"term ended on {self.current_end_on.isoformat()}"
        self._end(DpsStatus.EXPIRED, now, reason)
        self._decide(AuditAction.EXPIRED, now, SYSTEM, reason)

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
        self._changed(AuditAction.EXTENSION_EXERCISED, now, by, why)
        return option

    def advance(self, now: datetime) -> None:
        """What the passing of time does (run by the ticker): windows open and close, closed
        lots stop admitting after the initial window, the DPS expires at the end of term."""
        if self.status is not DpsStatus.OPEN:
            return
        self._advance_windows(now)
        if now > end_of_local_day(self.current_end_on):
            self.expire(now)
