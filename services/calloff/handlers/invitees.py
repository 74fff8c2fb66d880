"""An invitee's use cases (respond, amend, withdraw, decline, ask) and the council's answer
to a question. Each loads the call-off as the caller may see it: a provider that was not
invited is told there is no such call-off."""

from __future__ import annotations

from uuid import UUID, uuid4

from services.calloff.domain.call_offs import CallOff
from services.calloff.domain.responses import Clarification, Response
from services.calloff.handlers.specs import ResponseSpec
from services.calloff.store import CalloffUnitOfWork
from shared.actors import Actor
from shared.clock import Clock


async def _call_off(uow: CalloffUnitOfWork, call_off_id: UUID, actor: Actor) -> CallOff:
    return await uow.call_offs.get_visible(call_off_id, actor, lock=True)


async def submit_response(
    call_off_id: UUID, spec: ResponseSpec, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock,
) -> Response:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        invitation = await uow.invitations.find(call_off_id, actor.provider_id)
        response = call_off.submit_response(
            response_id=uuid4(),
            actor=actor,
            invitation=invitation,
            live_response=await uow.responses.live_of(call_off_id, actor.provider_id),
            member_active=invitation is not None
            and await uow.members.is_active(invitation.membership_id),
            content=spec.content(),
            live_responses=await uow.responses.count_live(call_off_id),
            now=clock.now(),
        )
        await uow.responses.add(response)
        if invitation is not None:
            await uow.invitations.save(invitation)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return response


async def amend_response(
    call_off_id: UUID, response_id: UUID, spec: ResponseSpec, *, actor: Actor,
    uow: CalloffUnitOfWork, clock: Clock,
) -> Response:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        response = await uow.responses.get_visible(call_off_id, response_id, actor)
        call_off.amend_response(actor=actor, response=response, content=spec.content(),
                                now=clock.now())
        await uow.responses.save(response)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return response


async def withdraw_response(
    call_off_id: UUID, response_id: UUID, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock,
) -> Response:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        response = await uow.responses.get_visible(call_off_id, response_id, actor)
        call_off.withdraw_response(actor=actor, response=response, now=clock.now())
        await uow.responses.save(response)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return response


async def decline(
    call_off_id: UUID, reason: str, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock
) -> None:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        invitation = await uow.invitations.find(call_off_id, actor.provider_id)
        call_off.decline(
            actor=actor, invitation=invitation,
            live_response=await uow.responses.live_of(call_off_id, actor.provider_id),
            reason=reason, now=clock.now(),
        )
        if invitation is not None:
            await uow.invitations.save(invitation)
        await uow.call_offs.save(call_off)
        await uow.commit()


async def ask(
    call_off_id: UUID, question: str, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock
) -> Clarification:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        invitation = await uow.invitations.find(call_off_id, actor.provider_id)
        asked = await uow.clarifications.asked_by(call_off_id, actor.provider_id) if (
            actor.provider_id
        ) else 0
        clarification = call_off.ask(
            clarification_id=uuid4(), actor=actor, invitation=invitation, question=question,
            asked_so_far=asked, now=clock.now(),
        )
        await uow.clarifications.add(clarification)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return clarification


async def answer(
    call_off_id: UUID, clarification_id: UUID, text: str, *, actor: Actor,
    uow: CalloffUnitOfWork, clock: Clock,
) -> Clarification:
    async with uow:
        call_off = await _call_off(uow, call_off_id, actor)
        clarification = await uow.clarifications.get(call_off_id, clarification_id)
        call_off.answer(actor=actor, clarification=clarification, answer=text, now=clock.now())
        await uow.clarifications.save(clarification)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return clarification
