"""Where each consumer stands on each aggregate, and the events parked ahead of it.

Every statement here runs on the consumer's transaction, so the position, the parked rows
and the handler's effect commit or roll back together. ``lock`` is always first: it creates
the missing position rows and locks them all (an upsert that touches every row, keys in one
order so two replicas never lock crosswise), so replicas sharing a durable take turns on an
aggregate, and whoever applies a version sees every successor parked before it locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.driver import DriverStatement
from shared.messaging import statements

if TYPE_CHECKING:
    from shared.messaging.own_connection import OwnConnection

Key = tuple[str, UUID]

#: The names the advances are prepared under on a consumer's own connection (by whether
#: the version is an aggregate's first).
_PREPARED = {True: "dps_advance_first", False: "dps_advance_next"}


@dataclass
class Position:
    version: int
    parked: int


@dataclass(frozen=True)
class Parked:
    """An event kept in the store until its predecessor applies."""

    key: Key
    version: int
    event_id: UUID
    subject: str
    payload: str
    headers: dict[str, str]
    attempts: int = 0


class OrderingStore:
    def __init__(self, positions: Table, parked: Table, consumer: str) -> None:
        self._positions = positions
        self._parked = parked
        self._consumer = consumer
        self._advances: dict[tuple[str, bool], Any] = {}
        self._on_driver: dict[bool, DriverStatement] = {}
        self._advance_each: str | None = None

    async def lock(self, connection: AsyncConnection, keys: list[Key]) -> dict[Key, Position]:
        """Create the missing rows, lock every row named, and return where each stands."""
        if not keys:
            return {}
        rows = [
            {"consumer": self._consumer, "aggregate_type": t, "aggregate_id": i, "version": 0}
            for t, i in sorted(set(keys), key=lambda k: (k[0], str(k[1])))
        ]
        statement = statements.upsert(
            self._positions,
            connection.dialect.name,
            key=("consumer", "aggregate_type", "aggregate_id"),
            # touching the row locks it until commit
            on_conflict=lambda t, excluded: {"version": t.c.version},
            returning=("aggregate_type", "aggregate_id", "version", "parked"),
            name="position_lock",
        )
        result = await connection.execute(statement, rows)
        return {(r[0], r[1]): Position(r[2], r[3]) for r in result}

    async def advance(self, connection: AsyncConnection, key: Key, version: int) -> bool:
        """Move to ``version`` if it is the next one and nothing waits parked: one statement.

        The common case (an event arriving in order) costs one round trip this way, and
        leaves the row locked like ``lock`` does; False changes nothing.
        """
        statement = self._advance_statement(connection.dialect, version)
        result = await connection.execute(statement, self._advance_parameters(key, version))
        return result.rowcount == 1

    async def advance_on(self, own: OwnConnection, key: Key, version: int) -> bool:
        """``advance`` in the transaction of a consumer's own connection, by the driver."""
        compiled = self.advance_on_driver(own.dialect, version)
        return await own.run(compiled, self._advance_parameters(key, version)) == 1

    async def advance_each_on(self, own: OwnConnection, versions: dict[Key, int]) -> int:
        """``advance`` for several aggregates at once (one version each), in one statement
        in the transaction of a consumer's own connection; how many moved. Fewer than asked
        means one was not next (or had events parked): the caller rolls back."""
        if self._advance_each is None:
            self._advance_each = _advance_each_sql(own.dialect, self._positions)
        keys = list(versions)
        return int(await own.value(
            self._advance_each,
            self._consumer,
            [t for t, _ in keys],
            [i for _, i in keys],
            list(versions.values()),
        ))

    def keep_advances_prepared(self, own: OwnConnection) -> None:
        """Have both advances (the first version's and a later one's) prepared on the
        consumer's own connection, to run by name (``advance_executed``)."""
        for version in (1, 2):
            own.keep_prepared(_PREPARED[version == 1], self.advance_on_driver(own.dialect, version))

    def advance_executed(self, dialect: Dialect, key: Key, version: int) -> str | None:
        """``advance`` as SQL text: the prepared advance (``keep_advances_prepared``) run
        with its values written in, to go with a BEGIN in one round trip
        (``OwnConnection.begin``); None if the key cannot be written in safely, and
        ``advance_on`` must bind it."""
        compiled = self.advance_on_driver(dialect, version)
        return compiled.executed_as(
            _PREPARED[version == 1], self._advance_parameters(key, version)
        )

    def advance_on_driver(self, dialect: Dialect, version: int) -> DriverStatement:
        """The advance to ``version`` as the driver runs it, compiled once each (the first
        version's and a later one's)."""
        first = version == 1
        compiled = self._on_driver.get(first)
        if compiled is None:
            statement = self._advance_statement(dialect, version)
            compiled = self._on_driver[first] = DriverStatement(statement, dialect)
        return compiled

    def _advance_statement(self, dialect: Dialect, version: int) -> Any:
        """The first version inserts the row (nothing if it exists); a later one moves it on
        from its predecessor. Built once each per dialect."""
        first = version == 1
        statement = self._advances.get((dialect.name, first))
        if statement is None:
            table = self._positions
            if first:
                insert = pg_insert if dialect.name == "postgresql" else sqlite_insert
                statement = insert(table).values(
                    consumer=bindparam("c"),
                    aggregate_type=bindparam("t"),
                    aggregate_id=bindparam("i"),
                    version=bindparam("next"),
                ).on_conflict_do_nothing()
            else:
                statement = (
                    update(table)
                    .where(
                        table.c.consumer == bindparam("c"),
                        table.c.aggregate_type == bindparam("t"),
                        table.c.aggregate_id == bindparam("i"),
                        table.c.version == bindparam("previous"),
                        table.c.parked == 0,
                    )
                    .values(version=bindparam("next"))
                )
            self._advances[(dialect.name, first)] = statement
        return statement

    def _advance_parameters(self, key: Key, version: int) -> dict[str, Any]:
        return {
            "c": self._consumer, "t": key[0], "i": key[1], "previous": version - 1, "next": version
        }

    async def save(self, connection: AsyncConnection, positions: dict[Key, Position]) -> None:
        if not positions:
            return
        rows = [
            {
                "consumer": self._consumer,
                "aggregate_type": t,
                "aggregate_id": i,
                "version": p.version,
                "parked": p.parked,
            }
            for (t, i), p in positions.items()
        ]
        statement = statements.upsert(
            self._positions,
            connection.dialect.name,
            key=("consumer", "aggregate_type", "aggregate_id"),
            on_conflict=lambda t, excluded: {
                "version": excluded.version,
                "parked": excluded.parked,
            },
            name="position_save",
        )
        await connection.execute(statement, rows)

    async def parked_after(
        self, connection: AsyncConnection, keys: list[Key]
    ) -> dict[Key, dict[int, Parked]]:
        """Every event parked for these aggregates (the caller holds their rows locked)."""
        if not keys:
            return {}
        t = self._parked
        rows = await connection.execute(
            select(
                t.c.aggregate_type,
                t.c.aggregate_id,
                t.c.version,
                t.c.event_id,
                t.c.subject,
                t.c.payload,
                t.c.headers,
                t.c.attempts,
            ).where(
                t.c.consumer == self._consumer,
                tuple_(t.c.aggregate_type, t.c.aggregate_id).in_(keys),
            )
        )
        found: dict[Key, dict[int, Parked]] = {}
        for r in rows:
            key = (r.aggregate_type, r.aggregate_id)
            found.setdefault(key, {})[r.version] = Parked(
                key, r.version, r.event_id, r.subject, r.payload, dict(r.headers), r.attempts
            )
        return found

    async def park(self, connection: AsyncConnection, events: list[Parked], at: datetime) -> None:
        if not events:
            return
        statement = statements.upsert(
            self._parked,
            connection.dialect.name,
            key=("consumer", "aggregate_type", "aggregate_id", "version"),
            on_conflict=None,
            name="park",
        )
        rows = [
            {
                "consumer": self._consumer,
                "aggregate_type": e.key[0],
                "aggregate_id": e.key[1],
                "version": e.version,
                "event_id": e.event_id,
                "subject": e.subject,
                "payload": e.payload,
                "headers": e.headers,
                "parked_at": at,
            }
            for e in events
        ]
        await connection.execute(statement, rows)

    async def unpark(self, connection: AsyncConnection, events: list[Parked]) -> None:
        if not events:
            return
        t = self._parked
        await connection.execute(
            delete(t).where(
                t.c.consumer == self._consumer,
                or_(
                    *(
                        and_(
                            t.c.aggregate_type == e.key[0],
                            t.c.aggregate_id == e.key[1],
                            t.c.version == e.version,
                        )
                        for e in events
                    )
                ),
            )
        )

    async def note_failure(
        self, connection: AsyncConnection, event: Parked, error: str
    ) -> None:
        t = self._parked
        await connection.execute(
            update(t)
            .where(
                t.c.consumer == self._consumer,
                t.c.aggregate_type == event.key[0],
                t.c.aggregate_id == event.key[1],
                t.c.version == event.version,
            )
            .values(attempts=t.c.attempts + 1, last_error=error[:2000])
        )

    # The sweep ---------------------------------------------------------------------------
    async def ready_to_drain(self, connection: AsyncConnection, limit: int = 100) -> list[Key]:
        """Aggregates whose next version waits parked (a drain was missed or failed)."""
        p, t = self._positions, self._parked
        rows = await connection.execute(
            select(p.c.aggregate_type, p.c.aggregate_id)
            .join(
                t,
                and_(
                    t.c.consumer == p.c.consumer,
                    t.c.aggregate_type == p.c.aggregate_type,
                    t.c.aggregate_id == p.c.aggregate_id,
                    t.c.version == p.c.version + 1,
                ),
            )
            .where(p.c.consumer == self._consumer, p.c.parked > 0)
            .limit(limit)
        )
        return [(r[0], r[1]) for r in rows]

    async def claim_overdue(
        self, connection: AsyncConnection, parked_before: datetime, now: datetime
    ) -> list[tuple[Parked, int]]:
        """Parked events whose gap outlived its bound, not yet reported; marks them reported.

        Returns each with the version its aggregate stands at (the missing one is next).
        """
        p, t = self._positions, self._parked
        rows = (
            await connection.execute(
                select(
                    t.c.aggregate_type,
                    t.c.aggregate_id,
                    t.c.version,
                    t.c.event_id,
                    t.c.subject,
                    t.c.payload,
                    t.c.headers,
                    p.c.version.label("at"),
                )
                .join(
                    p,
                    and_(
                        p.c.consumer == t.c.consumer,
                        p.c.aggregate_type == t.c.aggregate_type,
                        p.c.aggregate_id == t.c.aggregate_id,
                    ),
                )
                .where(
                    t.c.consumer == self._consumer,
                    t.c.reported_at.is_(None),
                    t.c.parked_at < parked_before,
                )
                .order_by(t.c.aggregate_type, t.c.aggregate_id, t.c.version)
                .limit(100)
            )
        ).all()
        claimed = []
        for r in rows:
            result = await connection.execute(
                update(t)
                .where(
                    t.c.consumer == self._consumer,
                    t.c.aggregate_type == r.aggregate_type,
                    t.c.aggregate_id == r.aggregate_id,
                    t.c.version == r.version,
                    t.c.reported_at.is_(None),
                )
                .values(reported_at=now)
            )
            if result.rowcount:
                key = (r.aggregate_type, r.aggregate_id)
                event = Parked(key, r.version, r.event_id, r.subject, r.payload, dict(r.headers))
                claimed.append((event, r.at))
        return claimed

    async def count_parked(self, connection: AsyncConnection) -> int:
        t = self._parked
        found = await connection.scalar(
            select(func.count()).select_from(t).where(t.c.consumer == self._consumer)
        )
        return int(found or 0)


def _advance_each_sql(dialect: Dialect, positions: Table) -> str:
    """Each aggregate moved to its version where that is the next one and nothing waits
    parked (a first version inserts the position, unless it exists); the count that moved.
    PostgreSQL, on the driver: the keys come as three arrays."""
    table = dialect.identifier_preparer.format_table(positions)
    return f"""
        WITH v AS (
            SELECT * FROM unnest($2::text[], $3::uuid[], $4::bigint[]) AS v(t, i, next)
        ), moved AS (
            UPDATE {table} AS p SET version = v.next FROM v
            WHERE p.consumer = $1 AND p.aggregate_type = v.t AND p.aggregate_id = v.i
              AND p.version = v.next - 1 AND p.parked = 0
            RETURNING 1
        ), added AS (
            INSERT INTO {table} (consumer, aggregate_type, aggregate_id, version, parked)
            SELECT $1, v.t, v.i, v.next, 0 FROM v WHERE v.next = 1
            ON CONFLICT DO NOTHING
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM added)
    """
