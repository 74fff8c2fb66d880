"""A commissioner's use cases on a call-off: draft, record a consent, publish (the fan-out),
cancel, close early, re-publish after an unsuccessful one."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from services.calloff.domain import errors as e
from services.calloff.domain.call_offs import CallOff, dps_rules
from services.calloff.domain.responses import Consent
from services.calloff.handlers.specs import CallOffSpec, ConsentSpec, PublishSpec, RepublishSpec
from services.calloff.store import CalloffUnitOfWork
from shared.actors import Actor
from shared.clock import Clock


async def draft_call_off(
    spec: CallOffSpec, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock
) -> CallOff:
    now = clock.now()
    async with uow:
        requirement = await uow.requirements.find(spec.requirement_id)
        if requirement is None:
            raise e.UnknownRequirement(
                f"There is no requirement {spec.requirement_id} to draft a call-off from.",
                field="requirement_id",
            )
        dps = await uow.dps.get(requirement.dps_id)
        call_off = CallOff.drafted(
            id=uuid4(),
            requirement=requirement,
            dps=dps,
            kind=spec.kind,
            pricing_mode=spec.pricing_mode,
            criteria=[c.choice() for c in spec.criteria],
            fixed_rates=[r.line() for r in spec.fixed_rates],
            funding_shares=[s.share() for s in spec.funding_shares],
            response_deadline=spec.response_deadline,
            direct_award_provider_id=spec.direct_award_provider_id,
            direct_award_justification=spec.direct_award_justification,
            requirement_out=await uow.requirements.in_use(requirement.id),
            actor=actor,
            now=now,
        )
        await uow.call_offs.add(call_off)
        await uow.commit()
    return call_off


async def record_consent(
    call_off_id: UUID, spec: ConsentSpec, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock,
) -> Consent:
    """A provider agreed to a shorter response period (PCR 2015 DPS, R6)."""
    async with uow:
        call_off = await uow.call_offs.get(call_off_id, lock=True)
        consent = call_off.record_consent(
            spec.provider_id, spec.evidence, actor=actor, now=clock.now()
        )
        await uow.consents.keep(consent)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return consent


async def publish_call_off(
    call_off_id: UUID, spec: PublishSpec, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock, council_min_hours: float,
) -> CallOff:
    """Freeze the invitation list (every eligible member) and invite them all, in one
    commit: the call-off, the list, and one event per invitee in the outbox."""
    now = clock.now()
    async with uow:
        call_off = await uow.call_offs.get(call_off_id, lock=True)
        requirement = await uow.requirements.get(call_off.requirement_id, lock=True)
        if await uow.call_offs.requirement_out(requirement.id, besides=call_off.id):
            raise e.RequirementAlreadyOut(
                f"Requirement {requirement.reference} is already out in another call-off.",
            )
        dps = await uow.dps.get(call_off.dps_id)
        invitations = call_off.publish(
            now=now,
            actor=actor,
            dps=dps,
            requirement=requirement,
            candidates=await uow.members.candidates(dps.id, call_off.lot_id),
            omissions={o.provider_id: o.reason for o in spec.omissions},
            consents=await uow.consents.provider_ids(call_off.id),
            council_min_hours=council_min_hours,
        )
        await uow.invitations.add_all(invitations)
        await uow.call_offs.save(call_off)
        await uow.commit()
    return call_off


async def cancel_call_off(
    call_off_id: UUID, reason: str, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock
) -> CallOff:
    async with uow:
        call_off = await uow.call_offs.get(call_off_id, lock=True)
        call_off.cancel(reason=reason, actor=actor, now=clock.now())
        await uow.call_offs.save(call_off)
        await uow.commit()
    return call_off


async def close_early(
    call_off_id: UUID, *, actor: Actor, uow: CalloffUnitOfWork, clock: Clock
) -> CallOff:
    """Close before the deadline: every invitee has answered and the regime allows it."""
    async with uow:
        call_off = await uow.call_offs.get(call_off_id, lock=True)
        await close_in(uow, call_off, actor=actor, now=clock.now(), early=True)
        await uow.commit()
    return call_off


async def close_in(
    uow: CalloffUnitOfWork, call_off: CallOff, *, actor: Actor, now: datetime, early: bool
) -> None:
    """Close ``call_off`` in ``uow`` (the ticker and an early close alike)."""
    dps = await uow.dps.get(call_off.dps_id)
    invitations = await uow.invitations.by_provider(call_off.id)
    live = await uow.responses.live(call_off.id)
    members = await uow.members.states(
        [invitations[r.provider_id].membership_id for r in live if r.provider_id in invitations]
    )
    invalid = call_off.close(
        now=now,
        actor=actor,
        rules=dps_rules(dps),
        invitations=invitations,
        responses=live,
        members=members,
        early=early,
    )
    for response in invalid:
        await uow.responses.save(response)
    await uow.call_offs.save(call_off)


async def republish_call_off(
    call_off_id: UUID, spec: RepublishSpec, *, actor: Actor, uow: CalloffUnitOfWork,
    clock: Clock,
) -> CallOff:
    """A new draft linked to an unsuccessful call-off (or a direct award, where allowed)."""
    now = clock.now()
    async with uow:
        call_off = await uow.call_offs.get(call_off_id, lock=True)
        requirement = await uow.requirements.get(call_off.requirement_id)
        successor = call_off.republish(
            new_id=uuid4(),
            requirement=requirement,
            dps=await uow.dps.get(call_off.dps_id),
            kind=spec.kind,
            response_deadline=spec.response_deadline,
            direct_award_provider_id=spec.direct_award_provider_id,
            direct_award_justification=spec.direct_award_justification,
            actor=actor,
            now=now,
        )
        await uow.call_offs.save(call_off)
        await uow.call_offs.add(successor)
        await uow.commit()
    return successor
