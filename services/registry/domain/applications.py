"""Applications to join lots: submitted -> under review -> admitted | rejected | withdrawn.

The decision is due on the regime's clock (``decision_due_at``, fixed at submission and
extendable once with a recorded reason). A decision is taken once; it names who and why.
Submission and admission, which need the DPS and the provider too, are in ``admission``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor, Role, require_owner, require_role
from services.registry.domain.audit import AuditAction, Decision, new_decision
from services.registry.domain.documents import ApplicationDocument
from services.registry.domain.lots import Lot
from shared.domain import AggregateRoot
from shared.events.registry import ApplicationRejected, ApplicationWithdrawn
from shared.workdays import working_day_deadline


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


LIVE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW})
DECIDED = frozenset({ApplicationStatus.ADMITTED, ApplicationStatus.REJECTED})


class LotOutcome(StrEnum):
    PENDING = "pending"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(eq=False)
class AppliedLot:
    lot_id: UUID
    outcome: LotOutcome = LotOutcome.PENDING
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Answer:
    """A yes/no answer to one selection question."""

    question_id: UUID
    answer: bool
    id: UUID = field(default_factory=uuid4)


class Application(AggregateRoot):
    def __init__(
        self,
        *,
        dps_id: UUID,
        provider_id: UUID,
        provider_name: str,
        lot_ids: list[UUID],
        answers: list[Answer],
        documents: list[ApplicationDocument],
        submitted_at: datetime,
        decision_working_days: int,
        extension_working_days: int | None,
        id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.dps_id = dps_id
        self.provider_id = provider_id
        self.provider_name = provider_name
        self.lots = [AppliedLot(lot_id) for lot_id in lot_ids]
        self.answers = list(answers)
        self.documents = list(documents)
        self.submitted_at = submitted_at
        self.extension_working_days = extension_working_days
        self.decision_due_at = working_day_deadline(submitted_at, decision_working_days)
        self.extended = False
        self.extension_reason = ""
        self.status = ApplicationStatus.SUBMITTED
        self.decided_at: datetime | None = None
        self.decided_by: str | None = None
        self.rejection_reasons: list[str] = []
        self.decisions: list[Decision] = []

    # --- reading ------------------------------------------------------------------------

    @property
    def lot_ids(self) -> list[UUID]:
        return [lot.lot_id for lot in self.lots]

    @property
    def is_live(self) -> bool:
        return self.status in LIVE

    def failures(self, lot: Lot, on: date) -> list[str]:
        """Why this applicant does not (yet) meet the lot's selection criteria; [] if it does."""
        given = {a.question_id: a.answer for a in self.answers}
        out = []
        for q in lot.questions:
            if q.id not in given:
                out.append(f"{lot.code}: question {q.code} is unanswered")
            elif given[q.id] != q.pass_answer:
                out.append(f"{lot.code}: question {q.code} was not passed")
        for req in lot.required_documents:
            docs = [d for d in self.documents if d.document_type == req.document_type]
            if not docs:
                out.append(f"{lot.code}: no {req.document_type} was declared")
            elif req.must_not_be_expired and all(d.expired_on(on) for d in docs):
                out.append(f"{lot.code}: the {req.document_type} has expired")
        return out

    # --- the provider's actions ---------------------------------------------------------

    def withdraw(self, now: datetime, by: Actor, why: str = "") -> None:
        require_owner(by, self.provider_id, e.ApplicationNotFound.of(self.id))
        self._require_live("withdraw")
        self.status = ApplicationStatus.WITHDRAWN
        for lot in self.lots:
            lot.outcome = LotOutcome.WITHDRAWN
        self._decide(AuditAction.WITHDRAWN, now, by, why)
        self.record(ApplicationWithdrawn(
            occurred_at=now,
            application_id=self.id,
            dps_id=self.dps_id,
            provider_id=self.provider_id,
        ))

    # --- the commissioner's actions -----------------------------------------------------

    def start_review(self, now: datetime, by: Actor) -> None:
        require_role(by, Role.COMMISSIONER)
        if self.status is not ApplicationStatus.SUBMITTED:
            raise e.ApplicationNotLive(
                f"Only a submitted application can go under review; it is {self.status}."
            )
        self.status = ApplicationStatus.UNDER_REVIEW
        self._decide(AuditAction.REVIEW_STARTED, now, by)

    def extend_decision(self, now: datetime, by: Actor, reason: str) -> datetime:
        """Move the due date to the regime's extended period, once, before it passes."""
        require_role(by, Role.COMMISSIONER)
        self._require_live("extend the decision on")
        if self.extension_working_days is None:
            raise e.DecisionExtensionNotAvailable(
                "This DPS has no longer decision period to extend to."
            )
        if not reason.strip():
            raise e.ReasonRequired(
                "An extension needs a recorded reason (e.g. why more time is justified)."
            )
        if self.extended:
            raise e.DecisionAlreadyExtended(
                f"The decision was already extended, to {self.decision_due_at:%d %b %Y}."
            )
        if now > self.decision_due_at:
            raise e.DecisionExtensionTooLate(
                f"The decision was due by {self.decision_due_at:%d %b %Y};"
                " it can no longer be extended."
            )
        self.decision_due_at = working_day_deadline(self.submitted_at, self.extension_working_days)
        self.extended = True
        self.extension_reason = reason
        self._decide(AuditAction.DECISION_EXTENDED, now, by, reason)
        return self.decision_due_at

    def admit(
        self, now: datetime, by: Actor, why: str, *, lot_ids: list[UUID] | None = None,
        reasons_for_others: list[str] | None = None,
    ) -> list[UUID]:
        """Admit to ``lot_ids`` (default: all applied lots); the rest are rejected with reasons.

        Use ``admission.admit`` rather than this directly: it also checks the criteria and
        creates the memberships.
        """
        self._require_undecided(by)
        admitted = list(dict.fromkeys(lot_ids)) if lot_ids is not None else self.lot_ids
        unknown = [i for i in admitted if i not in self.lot_ids]
        if unknown or not admitted:
            raise e.LotNotFound(
                "Admit only to lots this application applied to.",
                lot_ids=[str(i) for i in unknown],
            )
        others = [i for i in self.lot_ids if i not in admitted]
        reasons = [r for r in (reasons_for_others or []) if r.strip()]
        if others and not reasons:
            raise e.ReasonRequired("Give the reasons for the lots not admitted.")
        for lot in self.lots:
            lot.outcome = LotOutcome.ADMITTED if lot.lot_id in admitted else LotOutcome.REJECTED
        self._decided(ApplicationStatus.ADMITTED, AuditAction.ADMITTED, now, by, why, reasons)
        if others:
            self._record_rejection(others, reasons, now, by)
        return admitted

    def reject(self, now: datetime, by: Actor, reasons: list[str]) -> None:
        self._require_undecided(by)
        reasons = [r for r in reasons if r.strip()]
        if not reasons:
            raise e.ReasonRequired("A rejection needs reasons the provider can act on.")
        for lot in self.lots:
            lot.outcome = LotOutcome.REJECTED
        self._decided(
            ApplicationStatus.REJECTED, AuditAction.REJECTED, now, by, "; ".join(reasons), reasons
        )
        self._record_rejection(self.lot_ids, reasons, now, by)

    # --- internals ----------------------------------------------------------------------

    def _require_live(self, verb: str) -> None:
        if self.status in DECIDED:
            raise e.ApplicationAlreadyDecided(
                f"The application was already {self.status}; you cannot {verb} it."
            )
        if not self.is_live:
            raise e.ApplicationNotLive(f"The application is {self.status}; you cannot {verb} it.")

    def _require_undecided(self, by: Actor) -> None:
        require_role(by, Role.COMMISSIONER)
        if self.status in DECIDED:
            raise e.ApplicationAlreadyDecided(
                f"This application was already {self.status} on {self.decided_at:%d %b %Y}"
                " by another decision; it cannot be decided twice.",
                application_id=str(self.id),
            )
        self._require_live("decide")

    def _decided(
        self, status: ApplicationStatus, action: AuditAction, now: datetime, by: Actor, why: str,
        reasons: list[str],
    ) -> None:
        self.status = status
        self.decided_at = now
        self.decided_by = by.id
        self.rejection_reasons = list(reasons)
        self._decide(action, now, by, why)

    def _record_rejection(
        self, lot_ids: list[UUID], reasons: list[str], now: datetime, by: Actor
    ) -> None:
        self.record(ApplicationRejected(
            occurred_at=now,
            application_id=self.id,
            dps_id=self.dps_id,
            provider_id=self.provider_id,
            lot_ids=lot_ids, reasons=reasons, decided_by=by.id,
        ))

    def _decide(self, action: AuditAction, now: datetime, by: Actor, why: str = "") -> None:
        self.decisions.append(
            new_decision("application", self.id, self.provider_name, action, by, now, why)
        )
