"""The unit of work: one database transaction for the aggregate's rows and its outbox rows.

A handler opens ``async with uow:``, loads and changes aggregates through the repositories,
and calls ``await uow.commit()``. The commit collects every event the touched aggregates
recorded, gives each the next version of its aggregate, writes one outbox row per event in
the same transaction, commits, and then wakes the relay so the events leave at once (the
relay also polls, in case the wake-up is lost). ``change`` is the common use case in one
call: load one aggregate (locked), apply one change, commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar
from uuid import UUID

from sqlalchemy import Table, insert, select
from sqlalchemy import event as orm_events
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from shared.clock import Clock
from shared.db import pending_writes, upsert_row
from shared.documents import DocumentSpec
from shared.domain import AggregateRoot
from shared.events.base import Event
from shared.joined_session import JoinedSession
from shared.messaging.outbox_rows import Unsent
from shared.messaging.outbox_write import write_events
from shared.repository import Repository

A = TypeVar("A")
T = TypeVar("T")
U = TypeVar("U", bound="UnitOfWork")


_INSERTS: dict[int, Any] = {}
#: ``session.info`` key: the aggregates a unit of work loaded, held until it ends.
_LOADED = "care_dps_loaded_aggregates"


@orm_events.listens_for(Session, "transient_to_pending")
@orm_events.listens_for(Session, "detached_to_persistent")
@orm_events.listens_for(Session, "loaded_as_persistent")
def _hold_aggregates(session: Session, instance: object) -> None:
    """The session holds clean objects only weakly: an aggregate added and flushed, or
    loaded and changed in no column, could be collected before the commit once the use case
    let go of it, and the events it recorded would be lost. So every aggregate that enters a
    unit of work's session is held until the unit of work ends."""
    if isinstance(instance, AggregateRoot):
        session.info.setdefault(_LOADED, []).append(instance)


def _outbox_insert(outbox: Table) -> Any:
    """``INSERT INTO outbox``, built once per table (building it costs more than running it)."""
    statement = _INSERTS.get(id(outbox))
    if statement is None:
        statement = _INSERTS[id(outbox)] = insert(outbox)
    return statement


class UnitOfWork:
    """Subclass per service to add repositories in ``_start``."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        outbox: Table,
        inbox: Table,
        source: str,
        clock: Clock,
        on_commit: Callable[[Sequence[Unsent]], None] | None = None,
        versions: Table | None = None,
        documents: Sequence[DocumentSpec] = (),
    ) -> None:
        self._session_factory = session_factory
        self._outbox = outbox
        self._inbox = inbox
        self._versions = (
            versions if versions is not None else outbox.metadata.tables["aggregate_versions"]
        )
        self._outbox_insert = _outbox_insert(outbox)
        self.source = source
        self.clock = clock
        self._on_commit = on_commit
        self._documents = tuple(documents)
        self._extra_events: list[Event] = []
        self._tracked: list[AggregateRoot] = []
        self._joined: AsyncConnection | None = None
        self._commit_joined: Callable[[], Awaitable[None]] | None = None
        self.session: AsyncSession

    def join(self, connection: AsyncConnection, commit: Callable[[], Awaitable[None]]) -> None:
        """Run in the transaction the owner of ``connection`` began; ``commit`` commits it.

        The session is bound to that connection (which SQLAlchemy sees in autocommit, so it
        begins and commits nothing itself); ``commit()`` flushes, writes the outbox rows,
        calls ``commit``, and only then hands the rows to the relay. A consumer's own
        connection uses it (``shared.messaging.own_connection``).
        """
        self._joined, self._commit_joined = connection, commit

    async def __aenter__(self) -> Self:
        joined = self._joined
        if joined is None:
            self.session = self._session_factory()
        else:
            self.session = JoinedSession(**{**self._session_factory.kw, "bind": joined})
        self._extra_events = []
        self._tracked = []
        self._start()
        return self

    def _start(self) -> None:
        """Hook: build repositories on ``self.session``."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Closing detaches every object first (so what a read-only unit of work read stays
        # readable for the response) and then rolls back whatever was not committed. A
        # session that holds no object and no transaction (committed, or never used) has
        # nothing to close.
        session = self.session
        if session.in_transaction() or session.identity_map or session.new:
            await session.close()

    def track(self, aggregate: AggregateRoot) -> None:
        """Collect this aggregate's events at commit even if it is not an ORM object."""
        self._tracked.append(aggregate)

    def publish(self, *events: Event) -> None:
        """Queue events that no aggregate recorded; each must name its aggregate already."""
        for event in events:
            if not event.aggregate_type or event.aggregate_id is None:
                raise ValueError(f"{type(event).__name__} must name its aggregate to be published")
        self._extra_events.extend(events)

    def _aggregates(self) -> list[AggregateRoot]:
        """Every aggregate this unit of work touched, once each."""
        objects: Iterable[object] = [
            *self._tracked,
            *self.session.info.get(_LOADED, ()),
            *self.session.identity_map.values(),
            *self.session.new,
        ]
        found: dict[int, AggregateRoot] = {}
        for obj in objects:
            if isinstance(obj, AggregateRoot):
                found.setdefault(id(obj), obj)
        return list(found.values())

    def _collect_events(self, aggregates: list[AggregateRoot]) -> list[Event]:
        pending = [item for aggregate in aggregates for item in aggregate.pull_events()]
        pending.sort(key=lambda item: item[0])
        return [event for _, event in pending] + self._extra_events

    async def _store_documents(self, aggregates: list[AggregateRoot]) -> None:
        """Render, in this transaction, the stored answer of each aggregate that has one."""
        for spec in self._documents:
            for aggregate in aggregates:
                if isinstance(aggregate, spec.aggregate):
                    row = {spec.key: aggregate.id, **spec.render(aggregate)}
                    await upsert_row(self.session, spec.table, row, spec.key)

    async def commit(self) -> int:
        """Flush the aggregates, write their events to the outbox, commit. Returns how many
        events were written (their versions are in their outbox rows)."""
        aggregates = self._aggregates()
        events = self._collect_events(aggregates)
        self._extra_events = []
        session = self.session
        if (events or self._documents) and pending_writes(session):
            # Rows before the outbox rows that name them; otherwise the commit flushes.
            await session.flush()
        if self._documents:
            await self._store_documents(aggregates)
        handed: Sequence[Unsent] = ()
        if events:
            for event in events:
                if not event.aggregate_type or event.aggregate_id is None:
                    raise ValueError(f"{type(event).__name__} was raised by no aggregate")
            written = await write_events(
                await session.connection(),
                versions=self._versions,
                outbox_insert=self._outbox_insert,
                events=events,
                source=self.source,
                now=self.clock.now(),
            )
            handed = written.rows
        if self._commit_joined is None:
            await session.commit()
        else:
            if pending_writes(session):
                await session.flush()
            await self._commit_joined()
        if events and self._on_commit is not None:
            # The relay sends the rows it is handed at once, without reading them back.
            self._on_commit(handed)
        return len(events)

    # The inbox: which events this service's consumers have already applied.
    async def already_applied(self, consumer: str, event_id: UUID) -> bool:
        found = await self.session.execute(
            select(self._inbox.c.event_id).where(
                self._inbox.c.consumer == consumer, self._inbox.c.event_id == event_id
            )
        )
        return found.first() is not None

    async def mark_applied(self, consumer: str, event_id: UUID, subject: str, at: datetime) -> None:
        """Record the event id; a concurrent duplicate fails on the primary key at flush."""
        await self.session.execute(
            insert(self._inbox).values(
                consumer=consumer, event_id=event_id, subject=subject, processed_at=at
            )
        )


async def change(
    uow: U,
    repository: Callable[[U], Repository[A]],
    aggregate_id: UUID,
    apply: Callable[[A], T],
    **get: Any,
) -> tuple[A, T]:
    """Load one aggregate (locked against a concurrent change), apply one change, commit.

    ``await change(uow, lambda u: u.dps, dps_id, lambda dps: dps.open(now, actor))`` is a
    whole use case: the aggregate's not-found error if it does not exist, the domain's
    error if the change breaks a rule (nothing written), else the aggregate and the
    change's result, with its events in the outbox.
    """
    async with uow:
        aggregate = await repository(uow).get(aggregate_id, lock=True, **get)
        result = apply(aggregate)
        await uow.commit()
    return aggregate, result
