"""The base repository every service's repositories extend: add, get (or a named 404), claim.

Aggregates are plain domain classes mapped imperatively onto tables (the domain never
imports SQLAlchemy). ``get`` raises the service's own not-found error, so a use case reads
"load it or say plainly that it does not exist" in one line, and a record hidden from a
provider (``shared.actors.require_visible``) is refused with exactly the same error.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from sqlalchemy import Select, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.actors import Actor, require_visible
from shared.errors import NotFound

A = TypeVar("A")


class Repository(Generic[A]):
    """Subclass with ``entity``, ``table`` and ``not_found`` (and ``noun`` for messages)."""

    entity: ClassVar[type]
    table: ClassVar[Table]
    not_found: ClassVar[type[NotFound]] = NotFound
    #: how the record is named to a person: "DPS", "call-off", "application" ...
    noun: ClassVar[str] = "record"
    #: the attribute holding the owning provider's id, for ``get_visible``
    owner_attribute: ClassVar[str | None] = None

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, aggregate: A) -> None:
        self.session.add(aggregate)

    def missing(self, id: UUID) -> NotFound:
        """The error for an id that does not exist, or that the caller may not know of."""
        key = self.noun.lower().replace("-", "_").replace(" ", "_") + "_id"
        return self.not_found(f"There is no {self.noun} {id}.", **{key: str(id)})

    async def find(self, id: UUID, *, lock: bool = False) -> A | None:
        query = select(self.entity).where(self.table.c.id == id)
        if lock:
            query = query.with_for_update()
        found: A | None = (await self.session.execute(query)).scalars().first()
        return found

    async def get(self, id: UUID, *, lock: bool = False) -> A:
        """The aggregate, locked for update when ``lock`` (PostgreSQL; SQLite serialises
        writers anyway), or the service's not-found error."""
        found = await self.find(id, lock=lock)
        if found is None:
            raise self.missing(id)
        return found

    async def get_visible(self, id: UUID, actor: Actor, *, lock: bool = False) -> A:
        """``get``, and a provider may only load its own organisation's record."""
        found = await self.get(id, lock=lock)
        if self.owner_attribute is not None:
            require_visible(actor, getattr(found, self.owner_attribute), self.missing(id))
        return found

    async def claim(self, id: UUID) -> A | None:
        """Lock the row for a ticker pass, or None if another replica holds it."""
        query = select(self.entity).where(self.table.c.id == id).with_for_update(skip_locked=True)
        found: A | None = (await self.session.execute(query)).scalars().first()
        return found

    async def _all(self, query: Select[Any]) -> list[A]:
        return list((await self.session.execute(query)).scalars().all())
