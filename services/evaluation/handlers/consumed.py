"""The call-off service's events: each opened response is kept, and the close creates the
evaluation from them (both events of the call-off aggregate, so the responses come first)."""

from __future__ import annotations

from services.evaluation.domain import Evaluation
from services.evaluation.store import EvaluationUnitOfWork
from shared.events.calloff import CallOffClosed, ResponseOpened


async def response_opened(event: ResponseOpened, uow: EvaluationUnitOfWork) -> None:
    """Keep a valid response's content until its call-off's close arrives."""
    if await uow.evaluations.exists_for_call_off(event.call_off_id):
        return  # the call-off is being evaluated already: a copy delivered late
    await uow.opened.keep(event, uow.clock.now())


async def call_off_closed(event: CallOffClosed, uow: EvaluationUnitOfWork) -> None:
    """Create the call-off's evaluation, once: a close delivered twice finds it made.

    A direct award's evaluation completes at once (its events leave in the same commit).
    """
    call_off_id = event.terms.call_off_id
    if await uow.evaluations.exists_for_call_off(call_off_id):
        return
    contents = await uow.opened.of_call_off(call_off_id)
    uow.evaluations.add(Evaluation.open(event, contents, uow.clock.now()))
    await uow.opened.release(call_off_id)
