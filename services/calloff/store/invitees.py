"""A call-off's invitation list, consents, sealed responses and clarifications."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.calloff.domain import errors as e
from services.calloff.domain.responses import (
    Clarification,
    Consent,
    Invitation,
    Response,
    ResponseContent,
    ResponseStatus,
)
from services.calloff.store.rows import update_versioned
from services.calloff.store.tables import (
    call_offs,
    clarifications,
    invitations,
    responses,
    short_period_consents,
)
from shared.actors import Actor
from shared.bulk import insert_rows
from shared.paging import Page, PageRequest, keyset_page

_INVITATION = ("call_off_id", "provider_id", "membership_id", "provider_name", "invited_at",
               "declined_at", "decline_reason")


def _invitation(row: Any) -> Invitation:
    return Invitation(**{name: getattr(row, name) for name in _INVITATION})


class InvitationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(self, items: list[Invitation]) -> None:
        """The frozen list, in one statement (ten thousand rows for a big lot)."""
        await insert_rows(
            await self.session.connection(), invitations,
            [{name: getattr(i, name) for name in _INVITATION} for i in items],
        )

    async def find(self, call_off_id: UUID, provider_id: UUID | None) -> Invitation | None:
        if provider_id is None:
            return None
        row = (await self.session.execute(select(invitations).where(
            invitations.c.call_off_id == call_off_id, invitations.c.provider_id == provider_id
        ))).first()
        return _invitation(row) if row else None

    async def save(self, invitation: Invitation) -> None:
        await self.session.execute(
            update(invitations)
            .where(invitations.c.call_off_id == invitation.call_off_id,
                   invitations.c.provider_id == invitation.provider_id)
            .values(declined_at=invitation.declined_at,
                    decline_reason=invitation.decline_reason)
        )

    async def by_provider(self, call_off_id: UUID) -> dict[UUID, Invitation]:
        rows = await self.session.execute(
            select(invitations).where(invitations.c.call_off_id == call_off_id)
        )
        return {row.provider_id: _invitation(row) for row in rows}

    async def page(self, call_off_id: UUID, request: PageRequest) -> Page[Invitation]:
        i = invitations
        query = select(i).where(i.c.call_off_id == call_off_id)
        page = await keyset_page(
            self.session, query, request, [i.c.invited_at, i.c.provider_id], scalars=False
        )
        return Page([_invitation(r) for r in page.items], page.next_cursor)

    async def of_provider(self, provider_id: UUID, request: PageRequest) -> Page[Any]:
        """A provider's invitations, newest call-off last, with each call-off's state."""
        i, c = invitations, call_offs
        query = (
            select(i, c.c.reference, c.c.status, c.c.response_deadline, c.c.dps_id,
                   c.c.lot_id, c.c.kind)
            .join(c, c.c.id == i.c.call_off_id)
            .where(i.c.provider_id == provider_id)
        )
        return await keyset_page(
            self.session, query, request, [i.c.invited_at, i.c.call_off_id], scalars=False
        )


class ConsentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep(self, consent: Consent) -> None:
        c = short_period_consents
        await self.session.execute(
            c.delete().where(c.c.call_off_id == consent.call_off_id,
                             c.c.provider_id == consent.provider_id)
        )
        await self.session.execute(insert(c).values(**vars(consent)))

    async def provider_ids(self, call_off_id: UUID) -> set[UUID]:
        c = short_period_consents
        rows = await self.session.execute(
            select(c.c.provider_id).where(c.c.call_off_id == call_off_id)
        )
        return set(rows.scalars())


def _response_row(r: Response) -> dict[str, Any]:
    return {
        "call_off_id": r.call_off_id, "provider_id": r.provider_id, "status": r.status.value,
        "content": r.content.as_dict(), "submitted_at": r.submitted_at,
        "changed_at": r.changed_at, "withdrawn_at": r.withdrawn_at,
        "invalid_reason": r.invalid_reason,
    }


def _response(row: Any) -> Response:
    return Response(
        id=row.id, call_off_id=row.call_off_id, provider_id=row.provider_id,
        status=ResponseStatus(row.status), content=ResponseContent.from_dict(row.content),
        submitted_at=row.submitted_at, changed_at=row.changed_at,
        withdrawn_at=row.withdrawn_at, invalid_reason=row.invalid_reason, version=row.version,
    )


class ResponseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, response: Response) -> None:
        await self.session.execute(
            insert(responses).values(id=response.id, version=1, **_response_row(response))
        )
        response.version = 1

    async def save(self, response: Response) -> None:
        response.version = await update_versioned(
            self.session, responses, response.id, response.version, _response_row(response)
        )

    async def get_visible(self, call_off_id: UUID, id: UUID, actor: Actor) -> Response:
        """The response of this call-off; a provider's own only (another's is missing)."""
        row = (await self.session.execute(select(responses).where(
            responses.c.id == id, responses.c.call_off_id == call_off_id
        ))).first()
        if row is None or (actor.is_provider and row.provider_id != actor.provider_id):
            raise e.ResponseNotFound(f"There is no response {id}.", response_id=str(id))
        return _response(row)

    async def live_of(self, call_off_id: UUID, provider_id: UUID | None) -> Response | None:
        row = (await self.session.execute(select(responses).where(
            responses.c.call_off_id == call_off_id,
            responses.c.provider_id == provider_id,
            responses.c.status == ResponseStatus.SUBMITTED.value,
        ))).first()
        return _response(row) if row else None

    async def live(self, call_off_id: UUID) -> list[Response]:
        rows = await self.session.execute(select(responses).where(
            responses.c.call_off_id == call_off_id,
            responses.c.status == ResponseStatus.SUBMITTED.value,
        ))
        return [_response(r) for r in rows]

    async def count_live(self, call_off_id: UUID) -> int:
        return int(await self.session.scalar(
            select(func.count()).select_from(responses).where(
                responses.c.call_off_id == call_off_id,
                responses.c.status == ResponseStatus.SUBMITTED.value,
            )
        ) or 0)

    async def page(
        self, call_off_id: UUID, request: PageRequest, *, provider_id: UUID | None = None
    ) -> Page[Response]:
        r = responses
        query = select(r).where(r.c.call_off_id == call_off_id)
        if provider_id is not None:
            query = query.where(r.c.provider_id == provider_id)
        page = await keyset_page(
            self.session, query, request, [r.c.submitted_at, r.c.id], scalars=False
        )
        return Page([_response(x) for x in page.items], page.next_cursor)


_CLARIFICATION = ("id", "call_off_id", "provider_id", "question", "asked_at", "answer",
                  "answered_at", "answered_by")


class ClarificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: Clarification) -> None:
        await self.session.execute(
            insert(clarifications).values(**{n: getattr(item, n) for n in _CLARIFICATION})
        )

    async def save(self, item: Clarification) -> None:
        await self.session.execute(
            update(clarifications).where(clarifications.c.id == item.id).values(
                answer=item.answer, answered_at=item.answered_at, answered_by=item.answered_by
            )
        )

    async def get(self, call_off_id: UUID, id: UUID) -> Clarification:
        row = (await self.session.execute(select(clarifications).where(
            clarifications.c.id == id, clarifications.c.call_off_id == call_off_id
        ))).first()
        if row is None:
            raise e.ClarificationNotFound(
                f"There is no clarification {id}.", clarification_id=str(id)
            )
        return Clarification(**{n: getattr(row, n) for n in _CLARIFICATION})

    async def asked_by(self, call_off_id: UUID, provider_id: UUID) -> int:
        return int(await self.session.scalar(
            select(func.count()).select_from(clarifications).where(
                clarifications.c.call_off_id == call_off_id,
                clarifications.c.provider_id == provider_id,
            )
        ) or 0)

    async def page(
        self, call_off_id: UUID, request: PageRequest, actor: Actor
    ) -> Page[Clarification]:
        """The council sees every question; a provider the answered ones and its own."""
        c = clarifications
        query = select(c).where(c.c.call_off_id == call_off_id)
        if actor.is_provider:
            query = query.where(or_(
                c.c.answered_at.is_not(None),
                and_(c.c.provider_id == actor.provider_id),
            ))
        page = await keyset_page(
            self.session, query, request, [c.c.asked_at, c.c.id], scalars=False
        )
        return Page(
            [Clarification(**{n: getattr(r, n) for n in _CLARIFICATION}) for r in page.items],
            page.next_cursor,
        )
