"""What a commissioner sets up inside a DPS: lots, questionnaire, criteria and rate cards.
A layer of ``Dps`` on ``DpsCore`` (windows are in ``dps_windows``); every change is a recorded
decision, and a change to an open DPS is published as ``DpsChanged`` so other services'
read models follow."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from services.registry.domain import errors as e
from services.registry.domain import limits
from services.registry.domain.actors import Actor
from services.registry.domain.audit import AuditAction as A
from services.registry.domain.dps_core import DpsCore
from services.registry.domain.limits import check_date
from services.registry.domain.lots import (
    AwardCriterion,
    CriterionKind,
    Lot,
    RequiredDocument,
    SelectionQuestion,
)
from services.registry.domain.rates import Rate, RateCard
from shared.events.registry import LotClosed, LotOpened


class DpsSetUp(DpsCore):
    # --- lots and their questionnaire ---------------------------------------------------

    def add_lot(
        self,
        code: str,
        title: str,
        now: datetime,
        by: Actor,
        *,
        description: str = "",
        closed_lot: bool = False,
        cqc_registration_required: bool = False,
        remote_delivery_allowed: bool = False,
    ) -> Lot:
        self._require_editable(by)
        if any(lot.code == code for lot in self.lots):
            raise e.DuplicateLotCode(f"{self.name} already has a lot {code!r}.", code=code)
        if closed_lot:
            if not self.rules.closed_lots_allowed:
                raise e.ClosedLotNotAllowed(
                    f"A {self.rules.label} must keep every lot open to new providers; lot"
                    f" {code} cannot be a closed lot.",
                    regime=self.regime.value,
                )
            if self.initial_window_ends_at is None:
                raise e.InvalidWindow("A closed lot needs an initial window: set its end first.")
            if self.opened_at is not None and not self.in_initial_window(now):
                raise e.ClosedLotWindowPassed(
                    "A closed lot can only be added before the initial window ends."
                )
        lot = Lot(
            code=code,
            title=title,
            description=description,
            closed_lot=closed_lot,
            cqc_registration_required=cqc_registration_required,
            remote_delivery_allowed=remote_delivery_allowed,
        )
        self.lots.append(lot)
        if self._changed(A.LOT_ADDED, now, by, code):
            self.record(LotOpened(occurred_at=now, dps_id=self.id, lot=lot.summary()))
        return lot

    def add_question(
        self, lot_id: UUID, code: str, text: str, now: datetime, by: Actor,
        *, pass_answer: bool = True,
    ) -> SelectionQuestion:
        self._require_editable(by)
        question = SelectionQuestion(code=code, text=text, pass_answer=pass_answer)
        self.lot(lot_id).questions.append(question)
        self._changed(A.QUESTION_ADDED, now, by, code)
        return question

    def add_required_document(
        self, lot_id: UUID, document_type: str, now: datetime, by: Actor,
        *, description: str = "", must_not_be_expired: bool = True,
    ) -> RequiredDocument:
        self._require_editable(by)
        doc = RequiredDocument(document_type, description, must_not_be_expired)
        self.lot(lot_id).required_documents.append(doc)
        self._changed(A.REQUIRED_DOCUMENT_ADDED, now, by, document_type)
        return doc

    def stop_admissions(self, lot_id: UUID, now: datetime, by: Actor, reason: str) -> None:
        self._require_editable(by)
        if not reason.strip():
            raise e.ReasonRequired("Say why the lot stops taking applications.")
        lot = self.lot(lot_id)
        lot.accepting_applications = False
        self._changed(A.LOT_ADMISSIONS_STOPPED, now, by, reason)
        self.record(
            LotClosed(occurred_at=now, dps_id=self.id, lot_id=lot.id, code=lot.code, reason=reason)
        )

    def resume_admissions(self, lot_id: UUID, now: datetime, by: Actor, why: str = "") -> None:
        self._require_editable(by)
        lot = self.lot(lot_id)
        if lot.closed_lot and not self.in_initial_window(now):
            raise e.ClosedLotCannotReopen(f"Lot {lot.code} is a closed lot; it cannot reopen.")
        lot.accepting_applications = True
        self._changed(A.LOT_ADMISSIONS_RESUMED, now, by, why)
        self.record(LotOpened(occurred_at=now, dps_id=self.id, lot=lot.summary()))

    # --- award criteria and rate cards --------------------------------------------------

    def add_criterion(
        self, code: str, name: str, kind: CriterionKind, min_weight: Decimal | str,
        max_weight: Decimal | str, now: datetime, by: Actor,
    ) -> AwardCriterion:
        """Call-offs may only refine these, so the catalogue is fixed once the DPS opens."""
        self._require_editable(by)
        if self.rules.criteria_fixed_at_dps_level and self.opened_at is not None:
            raise e.CriteriaCatalogueFixed(
                "Award criteria are set before the DPS opens; call-offs may refine them but"
                " no criterion can be added now."
            )
        if any(c.code == code for c in self.criteria):
            raise e.DuplicateCriterion(f"Criterion {code!r} is already in the catalogue.")
        if len(self.criteria) >= limits.CRITERIA:
            raise e.InvalidWeightRange(
                f"The catalogue holds at most {limits.CRITERIA} criteria.", code=code
            )
        criterion = AwardCriterion(code, name, kind, Decimal(min_weight), Decimal(max_weight))
        self.criteria.append(criterion)
        self._changed(A.CRITERION_ADDED, now, by, code)
        return criterion

    def add_rate_card(
        self, lot_id: UUID, effective_from: date, rates: list[Rate], now: datetime,
        by: Actor, *, effective_to: date | None = None,
    ) -> RateCard:
        self._require_editable(by)
        self.lot(lot_id)
        check_date(effective_from, "effective_from")
        if effective_to is not None:
            check_date(effective_to, "effective_to")
        card = RateCard(lot_id, effective_from, list(rates), effective_to)
        for other in self.rate_cards:
            if other.lot_id == lot_id and other.overlaps(card):
                raise e.RateCardOverlap(
                    f"Rates for this lot already apply from {other.effective_from}; end that"
                    " card before this one starts.",
                )
        self.rate_cards.append(card)
        if self._changed(A.RATE_CARD_ADDED, now, by, effective_from.isoformat()):
            self.record(card.announced(self.id, now))
        return card

    def rate_card_for(self, lot_id: UUID, on: date) -> RateCard | None:
        self.lot(lot_id)
        return next((c for c in self.rate_cards if c.lot_id == lot_id and c.effective_on(on)), None)
