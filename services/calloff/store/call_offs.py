"""Call-offs and their audit trail.

The call-off row holds the aggregate's own state (its terms as JSON once published); its
invitation list, consents, responses and clarifications are rows of their own
(``store.invitees``), so a change to one response never loads ten thousand invitations.
Loading or adding a call-off tracks it with the unit of work, so the events it records are
written to the outbox at commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.calloff.domain import errors as e
from services.calloff.domain.call_offs import LIVE, CallOff, CallOffKind, CallOffStatus
from services.calloff.domain.criteria import CriterionChoice, PricingMode
from services.calloff.domain.responses import Decision
from services.calloff.store.rows import update_versioned
from services.calloff.store.tables import call_off_decisions, invitations
from services.calloff.store.tables import call_offs as t
from shared.actors import Actor
from shared.domain import AggregateRoot
from shared.events.calloff import CallOffTerms, FundingShare, Omission, PriceLine
from shared.paging import Page, PageRequest, keyset_page

_PLAIN = (
    "reference", "requirement_id", "dps_id", "lot_id", "response_deadline",
    "direct_award_provider_id", "direct_award_justification", "created_by", "created_at",
    "changed_at", "published_at", "invitee_count", "short_period", "closed_at",
    "closed_early", "outcome_reason", "cancelled_by", "contract_id", "awarded_provider_id",
    "awarded_provider_name", "awarded_at", "republished_from", "republished_as",
)


def _json(items: list[Any]) -> list[Any]:
    return [i.model_dump(mode="json") for i in items]


def _row(c: CallOff) -> dict[str, Any]:
    row = {name: getattr(c, name) for name in _PLAIN}
    row.update(
        kind=c.kind.value,
        pricing_mode=c.pricing_mode.value,
        status=c.status.value,
        criteria=[x.as_dict() for x in c.criteria],
        fixed_rates=_json(c.fixed_rates),
        funding_shares=_json(c.funding_shares),
        terms=c.terms.model_dump(mode="json") if c.terms else None,
        omitted=_json(c.omitted),
    )
    return row


def _call_off(row: Any) -> CallOff:
    values = {name: getattr(row, name) for name in _PLAIN}
    return CallOff(
        id=row.id,
        kind=CallOffKind(row.kind),
        pricing_mode=PricingMode(row.pricing_mode),
        status=CallOffStatus(row.status),
        criteria=[CriterionChoice.from_dict(x) for x in row.criteria],
        fixed_rates=[PriceLine.model_validate(x) for x in row.fixed_rates],
        funding_shares=[FundingShare.model_validate(x) for x in row.funding_shares],
        terms=CallOffTerms.model_validate(row.terms) if row.terms else None,
        omitted=[Omission.model_validate(x) for x in row.omitted],
        version=row.version,
        **values,
    )


class CallOffRepository:
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None]) -> None:
        self.session = session
        self._track = track

    async def add(self, call_off: CallOff) -> None:
        await self.session.execute(insert(t).values(id=call_off.id, version=1, **_row(call_off)))
        call_off.version = 1
        await self._write_decisions(call_off)
        self._track(call_off)

    async def save(self, call_off: CallOff) -> None:
        call_off.version = await update_versioned(
            self.session, t, call_off.id, call_off.version, _row(call_off)
        )
        await self._write_decisions(call_off)
        self._track(call_off)

    async def _write_decisions(self, call_off: CallOff) -> None:
        decided, call_off.new_decisions = call_off.new_decisions, []
        if decided:
            await self.session.execute(
                insert(call_off_decisions),
                [_decision_row(call_off.id, d) for d in decided],
            )

    async def find(self, id: UUID, *, lock: bool = False, skip_locked: bool = False
                   ) -> CallOff | None:
        query = select(t).where(t.c.id == id)
        if lock or skip_locked:
            query = query.with_for_update(skip_locked=skip_locked)
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        call_off = _call_off(row)
        self._track(call_off)
        return call_off

    async def get(self, id: UUID, *, lock: bool = False) -> CallOff:
        found = await self.find(id, lock=lock)
        if found is None:
            raise missing(id)
        return found

    async def get_visible(self, id: UUID, actor: Actor, *, lock: bool = False) -> CallOff:
        """A provider sees only call-offs it was invited to; any other is reported missing,
        exactly like one that does not exist (drafts included)."""
        found = await self.get(id, lock=lock)
        if actor.is_provider and not await self.invited(id, actor.provider_id):
            raise missing(id)
        return found

    async def claim(self, id: UUID) -> CallOff | None:
        """Lock the call-off for a ticker pass, or None if another replica holds it."""
        return await self.find(id, skip_locked=True)

    async def invited(self, call_off_id: UUID, provider_id: UUID | None) -> bool:
        if provider_id is None:
            return False
        return bool(await self.session.scalar(select(exists().where(
            invitations.c.call_off_id == call_off_id, invitations.c.provider_id == provider_id
        ))))

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        """Published call-offs whose deadline has come, the oldest deadline first."""
        query = (
            select(t.c.id)
            .where(t.c.status == CallOffStatus.PUBLISHED.value, t.c.response_deadline <= now)
            .order_by(t.c.response_deadline, t.c.id)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())

    async def requirement_out(self, requirement_id: UUID, *, besides: UUID | None = None) -> bool:
        conditions = [t.c.requirement_id == requirement_id,
                      t.c.status.in_([s.value for s in LIVE])]
        if besides is not None:
            conditions.append(t.c.id != besides)
        query = select(exists().where(*conditions))
        return bool(await self.session.scalar(query))

    async def awarded_to(self, requirement_id: UUID, provider_id: UUID) -> bool:
        """A call-off of this requirement was awarded to this provider."""
        return bool(await self.session.scalar(select(exists().where(
            t.c.requirement_id == requirement_id,
            t.c.status == CallOffStatus.AWARDED.value,
            t.c.awarded_provider_id == provider_id,
        ))))

    async def page(
        self, request: PageRequest, actor: Actor, *, status: CallOffStatus | None = None,
        dps_id: UUID | None = None, requirement_id: UUID | None = None,
    ) -> Page[CallOff]:
        """Call-offs in the order they were drafted; a provider's list holds only those it
        was invited to."""
        query = select(t)
        if actor.is_provider:
            query = query.where(exists().where(
                invitations.c.call_off_id == t.c.id,
                invitations.c.provider_id == actor.provider_id,
            ))
        for column, value in ((t.c.status, status.value if status else None),
                              (t.c.dps_id, dps_id), (t.c.requirement_id, requirement_id)):
            if value is not None:
                query = query.where(column == value)
        page = await keyset_page(
            self.session, query, request, [t.c.created_at, t.c.id], scalars=False
        )
        return Page([_call_off(r) for r in page.items], page.next_cursor)

    async def decisions(self, call_off_id: UUID, request: PageRequest) -> Page[Any]:
        d = call_off_decisions
        query = select(d).where(d.c.call_off_id == call_off_id)
        return await keyset_page(self.session, query, request, [d.c.position], scalars=False)


def missing(id: UUID) -> e.CallOffNotFound:
    return e.CallOffNotFound(f"There is no call-off {id}.", call_off_id=str(id))


def _decision_row(call_off_id: UUID, d: Decision) -> dict[str, Any]:
    return {
        "call_off_id": call_off_id, "at": d.at, "action": d.action, "actor_id": d.actor_id,
        "actor_role": d.actor_role, "why": d.why, "provider_id": d.provider_id,
        "details": {k: v for k, v in d.details.items() if v is not None},
    }
