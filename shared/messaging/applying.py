"""Applying events in one transaction, each aggregate's in version order.

For each event of an aggregate the consumer's position on that aggregate decides: the next
version applies, an older one is a duplicate (nothing changes), a later one is parked in
the store, acknowledged, and applied when its predecessor does (drained). Events that carry
no version (published by hand, outside any unit of work) are kept apart by the inbox
instead. An event of a type this service does not handle still moves the position: its
aggregate's later events would otherwise wait for it for ever.

What is plainly in order (every event the next of its aggregate, one each, nothing parked)
is applied on the consumer's own connection (``shared.messaging.own_connection``); the rest,
and what turns out not to be next there, goes the checked way: positions locked, duplicates
and gaps told apart, parked successors drained.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Table, insert, select

from shared.clock import Clock
from shared.events.base import Event
from shared.messaging.ordering import Key, OrderingStore, Parked, Position
from shared.messaging.own_connection import OwnConnection
from shared.messaging.tracing import current_traceparent, new_traceparent
from shared.uow import UnitOfWork

Handler = Callable[[Any, Any], Awaitable[None]]
#: The most events applied together on the consumer's own connection (a batch's size).
MAX_IN_ORDER = 1000


class BadEvent(Exception):
    """The event cannot be read: it goes to the dead letters at once."""


class _Reference(BaseModel):
    """What every event carries, read from an event this service does not handle."""

    model_config = ConfigDict(extra="ignore")
    id: UUID
    aggregate_type: str = ""
    aggregate_id: UUID | None = None
    aggregate_version: int = 0


@dataclass
class Incoming:
    subject: str
    data: bytes
    headers: dict[str, str]
    event_id: UUID | None
    key: Key | None  # None: no version, kept apart by the inbox
    version: int
    event: Event | None = None
    handler: Handler | None = None
    message: Any = None  # the JetStream message; None for a parked event being drained
    outcome: str = field(default="")


def _one_each(items: list[Incoming]) -> bool:
    """Whether every event carries a version, each of a different aggregate (what the own
    connection's path applies; an aggregate's run of events goes the checked way)."""
    keys = {item.key for item in items}
    return len(keys) == len(items) and None not in keys and len(items) <= MAX_IN_ORDER


class Applier:
    def __init__(
        self,
        *,
        consumer: str,
        handlers: dict[str, tuple[type[Event], Handler]],
        uow_factory: Callable[[], UnitOfWork],
        store: OrderingStore,
        inbox: Table,
        clock: Clock,
        own: OwnConnection | None = None,
    ) -> None:
        self._consumer = consumer
        self._own = own
        self._handlers = handlers
        self._uow_factory = uow_factory
        self._store = store
        self._inbox = inbox
        self._clock = clock
        if own is not None:
            # Compiled now, prepared on the connection when it opens: the first event
            # waits for neither.
            store.keep_advances_prepared(own)

    def decode(self, subject: str, data: bytes, headers: dict[str, str]) -> Incoming:
        """Read one event (``BadEvent`` if a handled type does not validate)."""
        entry = self._handlers.get(subject)
        if entry is not None:
            event_class, handler = entry
            try:
                event = event_class.model_validate_json(data)
            except ValidationError as error:
                raise BadEvent(f"invalid {subject}: {error}") from error
            ref: Any = event
        else:
            event, handler = None, None
            try:
                ref = _Reference.model_validate_json(data)
            except ValidationError:
                return Incoming(subject, data, headers, None, None, 0)
        key = None
        if ref.aggregate_version > 0 and ref.aggregate_type and ref.aggregate_id is not None:
            key = (ref.aggregate_type, ref.aggregate_id)
        return Incoming(
            subject, data, headers, ref.id, key, ref.aggregate_version, event, handler
        )

    def decode_parked(self, parked: Parked) -> Incoming:
        item = self.decode(parked.subject, parked.payload.encode(), parked.headers)
        item.key, item.version = parked.key, parked.version
        return item

    async def _run(self, item: Incoming, uow: UnitOfWork) -> str:
        if item.handler is None:
            return "ignored"
        token = current_traceparent.set(new_traceparent(item.headers.get("traceparent")))
        try:
            await item.handler(item.event, uow)
        except BaseException as error:
            if item.message is not None and not hasattr(error, "dps_item"):
                error.dps_item = item  # type: ignore[attr-defined]
            raise
        finally:
            current_traceparent.reset(token)
        return "applied"

    async def apply(self, items: list[Incoming], *, drain: bool) -> list[Key]:
        """Apply ``items`` in one transaction; set each one's ``outcome``.

        With ``drain``, parked successors of what applies are applied in the same
        transaction; without, the keys that now have a parked successor ready are returned
        for the caller to drain one by one. If an event's own handler fails, the error
        carries it as ``dps_item``, so the caller need retry only that one.
        """
        now = self._clock.now()
        alone = len(items) == 1 and items[0].key is not None
        if self._own is not None and _one_each(items):
            if await self._apply_next(items, self._own):
                return []
            alone = False  # one was not next: the checked path below
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            if alone:
                item = items[0]
                if await self._store.advance(connection, item.key, item.version):
                    item.outcome = await self._run(item, uow)
                    await uow.commit()
                    return []
            keys = list(dict.fromkeys(item.key for item in items if item.key is not None))
            positions = await self._store.lock(connection, keys)
            waiting: dict[Key, dict[int, Incoming | Parked]] = dict(
                await self._store.parked_after(
                    connection, [k for k, p in positions.items() if p.parked]
                )
            )
            seen = await self._in_inbox(connection, items)
            inbox_rows: list[dict[str, Any]] = []
            drained: list[Parked] = []
            changed: set[Key] = set()
            for item in items:
                if item.key is None:
                    if item.handler is None or item.event_id in seen:
                        item.outcome = "ignored" if item.handler is None else "duplicate"
                        continue
                    item.outcome = await self._run(item, uow)
                    seen.add(item.event_id)
                    inbox_rows.append(self._inbox_row(item, now))
                    continue
                position = positions[item.key]
                parked_here = waiting.setdefault(item.key, {})
                if item.version <= position.version or item.version in parked_here:
                    item.outcome = "duplicate"
                elif item.version > position.version + 1:
                    parked_here[item.version] = item
                    item.outcome = "parked"
                    changed.add(item.key)
                else:
                    item.outcome = await self._run(item, uow)
                    position.version = item.version
                    changed.add(item.key)
                    if drain:
                        await self._drain_inline(uow, position, parked_here, drained)
            to_park = [
                Parked(k, v, e.event_id, e.subject, e.data.decode(), e.headers)
                for k, by_version in waiting.items()
                for v, e in by_version.items()
                if isinstance(e, Incoming) and e.event_id is not None
            ]
            for key in changed:
                positions[key].parked = len(waiting.get(key, {}))
            await self._store.park(connection, to_park, now)
            await self._store.unpark(connection, drained)
            await self._store.save(connection, {k: positions[k] for k in changed})
            if inbox_rows:
                await connection.execute(insert(self._inbox), inbox_rows)
            await uow.commit()
        return [key for key in changed if positions[key].version + 1 in waiting.get(key, {})]

    async def _apply_next(self, items: list[Incoming], own: OwnConnection) -> bool:
        """Apply ``items`` (one event each of different aggregates) on the consumer's own
        connection if each is its aggregate's next event and nothing waits parked; else
        change nothing and say so (False)."""
        advance = None
        if len(items) == 1:
            # A lone event's advance goes with the BEGIN, one round trip for both, when its
            # key can be written into the SQL; else it is a statement of its own.
            [item] = items
            assert item.key is not None
            advance = self._store.advance_executed(own.dialect, item.key, item.version)
        async with own.transaction(first=advance) as connection:
            if advance is not None:
                moved = own.changed == 1
            elif len(items) == 1:
                moved = await self._store.advance_on(own, item.key, item.version)
            else:
                versions = {i.key: i.version for i in items if i.key is not None}
                moved = await self._store.advance_each_on(own, versions) == len(items)
            if not moved:
                return False  # rolled back as the transaction ends
            uow = self._uow_factory()
            uow.join(connection, own.commit)
            async with uow:
                for item in items:
                    item.outcome = await self._run(item, uow)
                await uow.commit()
        return True

    async def warm_up(self) -> None:
        """Open the consumer's own connection (its advances prepared on it), so that the
        first event waits for neither. Best effort: if the database is away, the first
        event opens it."""
        if self._own is None:
            return
        try:
            async with self._own.transaction():
                pass
        except Exception:  # noqa: BLE001 (the first event tries again)
            pass

    async def close(self) -> None:
        if self._own is not None:
            await self._own.close()

    async def _drain_inline(
        self,
        uow: UnitOfWork,
        position: Position,
        parked_here: dict[int, Incoming | Parked],
        drained: list[Parked],
    ) -> None:
        while position.version + 1 in parked_here:
            successor = parked_here.pop(position.version + 1)
            if isinstance(successor, Parked):
                drained.append(successor)
                item = self.decode_parked(successor)
            else:
                item = successor
            outcome = await self._run(item, uow)
            if item.message is not None:
                item.outcome = outcome
            position.version += 1

    async def drain_one(self, key: Key) -> Parked | None:
        """Apply the next parked event of ``key`` in a transaction of its own, if it is due.

        Returns it (None if nothing was due). A failure propagates with nothing written.
        """
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            position = (await self._store.lock(connection, [key]))[key]
            parked = (await self._store.parked_after(connection, [key])).get(key, {})
            successor = parked.get(position.version + 1)
            if successor is None:
                if position.parked != len(parked):
                    position.parked = len(parked)
                    await self._store.save(connection, {key: position})
                    await uow.commit()
                return None
            await self._run(self.decode_parked(successor), uow)
            position.version += 1
            position.parked = len(parked) - 1
            await self._store.unpark(connection, [successor])
            await self._store.save(connection, {key: position})
            await uow.commit()
            return successor

    async def set_aside_parked(self, parked: Parked, *, failed: str | None) -> None:
        """Remove a parked event that was dead-lettered, or count a failed drain."""
        async with self._uow_factory() as uow:
            connection = await uow.session.connection()
            position = (await self._store.lock(connection, [parked.key]))[parked.key]
            if failed is not None:
                await self._store.note_failure(connection, parked, failed)
            else:
                await self._store.unpark(connection, [parked])
                position.parked = max(0, position.parked - 1)
                await self._store.save(connection, {parked.key: position})
            await uow.commit()

    async def _in_inbox(self, connection: Any, items: list[Incoming]) -> set[UUID | None]:
        ids = [i.event_id for i in items if i.key is None and i.handler is not None]
        if not ids:
            return set()
        inbox = self._inbox
        rows = await connection.execute(
            select(inbox.c.event_id).where(
                inbox.c.consumer == self._consumer, inbox.c.event_id.in_(ids)
            )
        )
        return {r[0] for r in rows}

    def _inbox_row(self, item: Incoming, now: Any) -> dict[str, Any]:
        return {
            "consumer": self._consumer,
            "event_id": item.event_id,
            "subject": item.subject,
            "processed_at": now,
        }
