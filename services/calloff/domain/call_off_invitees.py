"""What invitees do while a call-off is open, and the council's answers to their questions.

Only invitees act (another provider does not even see the call-off), only before the
deadline, and only while their membership is active. A response is sealed: its events say
that it came (``ResponseSubmitted``, also on each amendment) or went (``ResponseWithdrawn``),
never what it says. One live response per invitee: amend it or withdraw it until the
deadline. A question is seen by the council with who asked; once answered, every invitee
sees question and answer, the asker not named (``ClarificationAnswered``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain import limits as n
from services.calloff.domain.call_off_core import CallOffCore, CallOffStatus
from services.calloff.domain.responses import (
    Clarification,
    Invitation,
    Response,
    ResponseContent,
    ResponseStatus,
    check_content,
)
from shared.actors import Actor, Role, require_role
from shared.events.calloff import ClarificationAnswered, ResponseSubmitted, ResponseWithdrawn


class CallOffInvitees(CallOffCore):
    def require_open(self, now: datetime) -> None:
        """Published, and the deadline not yet come."""
        self._require(CallOffStatus.PUBLISHED, error=e.CallOffNotOpenForResponses)
        if now >= self.response_deadline:
            raise e.DeadlinePassed(
                f"The response deadline of call-off {self.reference} has passed"
                f" ({self.response_deadline.isoformat()}).",
                response_deadline=self.response_deadline.isoformat(),
            )

    def _invitee(self, actor: Actor, invitation: Invitation | None) -> Invitation:
        require_role(actor, Role.PROVIDER)
        if invitation is None or invitation.provider_id != actor.provider_id:
            raise e.NotInvited(
                f"Only the providers invited to call-off {self.reference} may do this."
            )
        return invitation

    def submit_response(
        self, *, response_id: UUID, actor: Actor, invitation: Invitation | None,
        live_response: Response | None, member_active: bool, content: ResponseContent,
        live_responses: int, now: datetime,
    ) -> Response:
        """A sealed response from an invitee (a declined invitation is taken back)."""
        invitation = self._invitee(actor, invitation)
        self.require_open(now)
        if not member_active:
            raise e.MemberNotActive(
                "Your membership of the lot is not active (suspended or removed): a response"
                " would not count."
            )
        if live_response is not None:
            raise e.ResponseAlreadySubmitted(
                "You have a response on this call-off already: amend it or withdraw it.",
                response_id=str(live_response.id),
            )
        if live_responses >= n.RESPONSES:
            raise e.ResponseLimitReached(
                f"This call-off holds the {n.RESPONSES} responses one evaluation can take.",
            )
        content = check_content(self.published_terms(), content)
        invitation.declined_at, invitation.decline_reason = None, None
        response = Response(
            id=response_id, call_off_id=self.id, provider_id=invitation.provider_id,
            status=ResponseStatus.SUBMITTED, content=content, submitted_at=now, changed_at=now,
        )
        self._sealed_event(response, now)
        self._decide("response_submitted", now, actor, provider_id=invitation.provider_id)
        return response

    def amend_response(
        self, *, actor: Actor, response: Response, content: ResponseContent, now: datetime
    ) -> None:
        self._own(actor, response)
        self.require_open(now)
        if not response.live:
            raise e.ResponseWithdrawnAlready("A withdrawn response cannot be amended: submit anew.")
        response.content = check_content(self.published_terms(), content)
        response.changed_at = now
        self._sealed_event(response, now)
        self._decide("response_amended", now, actor, provider_id=response.provider_id)

    def withdraw_response(self, *, actor: Actor, response: Response, now: datetime) -> None:
        self._own(actor, response)
        self.require_open(now)
        if not response.live:
            raise e.ResponseWithdrawnAlready("This response was withdrawn already.")
        response.status = ResponseStatus.WITHDRAWN
        response.withdrawn_at = response.changed_at = now
        self.record(
            ResponseWithdrawn(
                occurred_at=now, call_off_id=self.id, response_id=response.id,
                provider_id=response.provider_id,
            )
        )
        self._decide("response_withdrawn", now, actor, provider_id=response.provider_id)

    def decline(
        self, *, actor: Actor, invitation: Invitation | None, live_response: Response | None,
        reason: str, now: datetime,
    ) -> None:
        """An invitee says it will not respond, and why."""
        invitation = self._invitee(actor, invitation)
        self.require_open(now)
        if live_response is not None:
            raise e.WithdrawBeforeDeclining(
                "You have a response on this call-off: withdraw it before declining."
            )
        reason = reason.strip()
        if not reason:
            raise e.ReasonRequired("Say why you decline.", field="reason")
        invitation.declined_at, invitation.decline_reason = now, reason
        self._decide("invitation_declined", now, actor, reason, invitation.provider_id)

    def ask(
        self, *, clarification_id: UUID, actor: Actor, invitation: Invitation | None,
        question: str, asked_so_far: int, now: datetime,
    ) -> Clarification:
        invitation = self._invitee(actor, invitation)
        self.require_open(now)
        question = question.strip()
        if not question:
            raise e.ReasonRequired("Ask a question.", field="question")
        if asked_so_far >= n.QUESTIONS_PER_INVITEE:
            raise e.TooManyQuestions(
                f"An invitee may ask {n.QUESTIONS_PER_INVITEE} questions in one call-off."
            )
        self._decide("clarification_asked", now, actor, provider_id=invitation.provider_id)
        return Clarification(clarification_id, self.id, invitation.provider_id, question, now)

    def answer(
        self, *, actor: Actor, clarification: Clarification, answer: str, now: datetime
    ) -> None:
        """The council answers; every invitee sees question and answer, the asker unnamed."""
        self._require_commissioner(actor)
        self._require(CallOffStatus.PUBLISHED, error=e.CallOffNotPublished)
        if clarification.answer is not None:
            raise e.AlreadyAnswered("This question has been answered already.")
        answer = answer.strip()
        if not answer:
            raise e.ReasonRequired("Give an answer.", field="answer")
        clarification.answer, clarification.answered_at = answer, now
        clarification.answered_by = actor.id
        self.record(
            ClarificationAnswered(
                occurred_at=now, call_off_id=self.id, clarification_id=clarification.id,
                question=clarification.question, answer=answer, answered_at=now,
            )
        )
        self._decide("clarification_answered", now, actor)

    def _own(self, actor: Actor, response: Response) -> None:
        require_role(actor, Role.PROVIDER)
        if response.provider_id != actor.provider_id or response.call_off_id != self.id:
            raise e.ResponseNotFound(f"There is no response {response.id}.")

    def _sealed_event(self, response: Response, now: datetime) -> None:
        self.record(
            ResponseSubmitted(
                occurred_at=now, call_off_id=self.id, response_id=response.id,
                provider_id=response.provider_id, submitted_at=now,
            )
        )
