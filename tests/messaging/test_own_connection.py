"""A consumer applies an event that arrives in order on a connection of its own, its
transaction run on the driver (PostgreSQL): no connection from the pool, nothing left
behind by a failure, a dropped connection replaced, and the rows a handler's events wrote
handed to the relay only once committed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import Integer, bindparam, event, func, select, text

from shared.clock import SystemClock
from shared.db import make_engine
from shared.driver import DriverStatement
from shared.messaging.applying import Applier
from shared.messaging.ordering import OrderingStore
from shared.messaging.own_connection import OwnConnection
from shared.natsserver import free_port
from shared.uow import UnitOfWork
from tests.messaging.harness import (
    ProbeHappened,
    applied_count,
    applied_rows,
    commit_events,
    metadata,
    probe_engine,
    probe_producer,
    probe_unit,
    sink_consumer,
    wait_for,
)
from tests.support.metrics import metric_value

pytestmark = pytest.mark.nats


def _postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("the consumer's own connection is PostgreSQL's (asyncpg)")


def _count_is(runtime, expected):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return await applied_count(runtime) == expected

    return check


async def _position(runtime, aggregate) -> int:  # type: ignore[no-untyped-def]
    positions = metadata.tables["consumer_positions"]
    async with runtime.session_factory() as session:
        return int(await session.scalar(
            select(positions.c.version).where(positions.c.aggregate_id == aggregate)
        ) or 0)


async def _commit_to(producer, aggregate, numbers) -> None:  # type: ignore[no-untyped-def]
    for n in numbers:
        async with producer.uow() as uow:
            uow.publish(
                ProbeHappened(occurred_at=datetime.now(UTC), n=n, aggregate_id=aggregate)
            )
            await uow.commit()


@asynccontextmanager
async def _hop(nats_server, database, **sink_options: Any) -> AsyncIterator[Any]:  # type: ignore[no-untyped-def]
    """A probe producer and a sink consumer, each on a database of its own."""
    async with database("probe") as producer_db, database("sink") as sink_db:
        async with (
            probe_producer(producer_db, nats_server.url) as producer,
            sink_consumer(sink_db, nats_server.url, **sink_options) as sink,
        ):
            yield producer, sink


@asynccontextmanager
async def _own_connection(url: str) -> AsyncIterator[tuple[Any, OwnConnection]]:
    """An engine on ``url`` with the probe's tables, and a consumer's own connection."""
    async with probe_engine(url) as engine:
        own = OwnConnection(engine)
        try:
            yield engine, own
        finally:
            await own.close()


def _units(engine: Any, on_commit: Callable[..., None] | None = None) -> Callable[[], UnitOfWork]:
    return lambda: probe_unit(engine, on_commit=on_commit)


def _store() -> OrderingStore:
    return OrderingStore(
        metadata.tables["consumer_positions"], metadata.tables["parked_events"], "sink"
    )


def _applier(
    store: OrderingStore,
    own: OwnConnection,
    units: Callable[[], Any],
    handlers: dict[str, Any] | None = None,
) -> Applier:
    return Applier(
        consumer="sink",
        handlers=handlers or {},
        uow_factory=units,
        store=store,
        inbox=metadata.tables["inbox"],
        clock=SystemClock(),
        own=own,
    )


async def test_events_in_order_take_no_connection_from_the_pool(nats_server, database, backend):
    _postgres_only(backend)
    async with _hop(nats_server, database) as (producer, sink):
        await commit_events(producer, range(1))
        await wait_for(_count_is(sink, 1), what="the first event applied")
        checkouts: list[str] = []

        def checked_out(*_: object) -> None:
            task = asyncio.current_task()
            if task is not None and task.get_name().startswith("consumer-"):
                checkouts.append(task.get_name())

        event.listen(sink.engine.sync_engine.pool, "checkout", checked_out)
        for n in range(1, 21):
            await commit_events(producer, range(n, n + 1))
            await wait_for(_count_is(sink, n + 1), what=f"event {n} applied")
        # Twenty events, each applied alone: the consumer took no pooled connection.
        assert checkouts == []


async def test_a_failing_handler_leaves_nothing_and_its_redelivery_applies_once_in_order(
    nats_server, database, backend
):
    _postgres_only(backend)
    aggregate = uuid4()
    failures = {1: 1}

    async def fails_once(probe: ProbeHappened) -> None:
        if failures.get(probe.n):
            failures[probe.n] -= 1
            raise ValueError("the handler failed after the position moved")

    async with _hop(nats_server, database, behaviour=fails_once) as (producer, sink):
        await _commit_to(producer, aggregate, [0])
        await wait_for(_count_is(sink, 1), what="version 1 applied")
        await _commit_to(producer, aggregate, [1])
        await wait_for(lambda: _no_failure_left(failures), what="version 2 failed once")
        await _commit_to(producer, aggregate, [2])
        await wait_for(_count_is(sink, 3), what="versions 2 and 3 applied")
        assert [row.n for row in await applied_rows(sink)] == [0, 1, 2]
        assert await _position(sink, aggregate) == 3


async def _no_failure_left(failures: dict[int, int]) -> bool:
    return not any(failures.values())


async def test_a_connection_the_server_dropped_is_replaced(nats_server, database, backend):
    _postgres_only(backend)
    async with _hop(nats_server, database) as (producer, sink):
        await commit_events(producer, range(1))
        await wait_for(_count_is(sink, 1), what="the first event applied")
        async with sink.engine.connect() as connection:
            await connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))
        # The pool's dropped connections are its own business (each fails once): what is
        # tested is the consumer's own, which is not in the pool.
        await sink.engine.dispose()
        labels = {"consumer": "sink-from-probe", "outcome": "retried"}
        before = metric_value(sink, "dps_events_consumed_total", **labels)
        await commit_events(producer, range(1, 3))
        await wait_for(_count_is(sink, 3), what="the events after the drop applied")
        assert sorted(row.n for row in await applied_rows(sink)) == [0, 1, 2]
        # Opened anew at BEGIN: no event was failed and retried for it.
        assert metric_value(sink, "dps_events_consumed_total", **labels) == before


async def test_a_joined_unit_of_work_hands_its_rows_to_the_relay_only_once_committed(
    database, backend
):
    _postgres_only(backend)
    outbox = metadata.tables["outbox"]
    async with database("joined") as url, _own_connection(url) as (engine, own):
        handed: list[object] = []
        unit = _units(engine, on_commit=handed.extend)

        async def refused() -> None:
            raise RuntimeError("COMMIT refused")

        for commit, written in ((refused, 0), (own.commit, 1)):
            connection = await own.begin()
            uow = unit()
            uow.join(connection, commit)
            try:
                async with uow:
                    uow.publish(ProbeHappened(occurred_at=datetime.now(UTC), n=written))
                    await uow.commit()
            except RuntimeError:
                await own.rollback()
            assert len(handed) == written
            async with engine.connect() as elsewhere:
                stored = await elsewhere.scalar(select(func.count()).select_from(outbox))
            assert stored == written


async def test_the_warm_up_opens_the_connection_and_leaves_nothing_behind(database, backend):
    _postgres_only(backend)
    positions = metadata.tables["consumer_positions"]
    async with database("warm") as url, _own_connection(url) as (engine, own):
        store = _store()
        await _applier(store, own, _units(engine)).warm_up()
        opened: list[int] = []
        event.listen(engine.sync_engine.pool, "checkout", lambda *a: opened.append(1))
        async with own.transaction():
            assert await store.advance_on(own, ("probe", uuid4()), 1)
            await own.commit()
        assert opened == []  # the warm-up had taken it
        async with engine.connect() as elsewhere:
            rows = await elsewhere.scalar(select(func.count()).select_from(positions))
        assert rows == 1  # the event's; the warm-up wrote none


async def test_a_warm_up_with_the_database_away_raises_nothing(backend):
    _postgres_only(backend)
    engine = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nowhere")
    nothing: Any = lambda: None  # noqa: E731 (no unit of work is built)
    try:
        # The first event will open the connection.
        await _applier(_store(), OwnConnection(engine), nothing).warm_up()
    finally:
        await engine.dispose()


def _probe_applier(store: OrderingStore, own: OwnConnection, units: Callable[[], Any]) -> Applier:
    """An applier whose handler records the probe in ``applied``."""
    applied = metadata.tables["applied"]

    async def record(probe: ProbeHappened, uow: UnitOfWork) -> None:
        await uow.session.execute(
            applied.insert().values(event_id=probe.id, n=probe.n, replica="a")
        )

    return _applier(store, own, units, {ProbeHappened.subject_name: (ProbeHappened, record)})


@asynccontextmanager
async def _probing(
    database: Any, name: str, store: OrderingStore | None = None
) -> AsyncIterator[tuple[Any, OwnConnection, Applier]]:
    """A database of its own, the consumer's own connection on it, and an applier whose
    handler records each probe."""
    async with database(name) as url, _own_connection(url) as (engine, own):
        yield engine, own, _probe_applier(store or _store(), own, _units(engine))


def _arriving(applier: Applier, aggregate: tuple[str, Any], version: int, n: int) -> Any:
    probe = ProbeHappened(
        occurred_at=datetime.now(UTC), n=n, aggregate_type=aggregate[0],
        aggregate_id=aggregate[1], aggregate_version=version,
    )
    return applier.decode(probe.subject_name, probe.model_dump_json().encode(), {})


async def _stored(engine: Any, aggregate: tuple[str, Any]) -> tuple[int, list[int]]:
    """The consumer's position on ``aggregate``, and the probes applied."""
    positions, applied = metadata.tables["consumer_positions"], metadata.tables["applied"]
    async with engine.connect() as elsewhere:
        version = await elsewhere.scalar(
            select(positions.c.version).where(
                positions.c.aggregate_type == aggregate[0],
                positions.c.aggregate_id == aggregate[1],
            )
        )
        done = (await elsewhere.execute(select(applied.c.n).order_by(applied.c.seq))).scalars()
        return int(version or 0), list(done)


async def _apply_in_order(applier: Applier, aggregate: tuple[str, Any], versions: range) -> None:
    """Apply ``versions`` of ``aggregate`` one at a time; each is applied. Then let the
    loop turn once: the driver logs a statement on its next turn."""
    for version in versions:
        item = _arriving(applier, aggregate, version, n=version)
        assert await applier.apply([item], drain=False) == []
        assert item.outcome == "applied"
    await asyncio.sleep(0)


async def _watched(own: OwnConnection) -> list[str]:
    """Open the own connection and note every statement it sends itself from now on (the
    driver's query log; a handler's, prepared by SQLAlchemy, are not in it): each is a
    round trip."""
    await own.begin()
    await own.rollback()
    sent: list[str] = []
    own._driver.add_query_logger(lambda logged: sent.append(logged.query))
    return sent


async def test_the_position_moves_in_the_round_trip_of_the_begin(database, backend):
    _postgres_only(backend)
    async with _probing(database, "one-trip") as (engine, own, applier):
        aggregate = ("probe", uuid4())
        sent = await _watched(own)
        await _apply_in_order(applier, aggregate, range(1, 4))
        # Per event: BEGIN with the advance (the first inserts the position, the next move
        # it on), then COMMIT. No round trip of the advance's own: it is run by name,
        # prepared when the connection opened (planned once, not at every event).
        assert [q.split(";")[0].split()[0] for q in sent] == ["BEGIN", "COMMIT"] * 3
        advances = [q.split("; ", 1)[1].split("(")[0] for q in sent[::2]]
        assert advances == [
            "EXECUTE dps_advance_first", "EXECUTE dps_advance_next", "EXECUTE dps_advance_next"
        ]
        assert await _stored(engine, aggregate) == (3, [1, 2, 3])


async def test_a_statement_kept_prepared_is_prepared_on_every_connection_opened(
    database, backend
):
    _postgres_only(backend)
    async with database("prepared") as url, _own_connection(url) as (engine, own):
        await own.begin()  # open before the statement is kept: prepared at the next BEGIN
        await own.rollback()
        doubled = DriverStatement(
            select((bindparam("n", type_=Integer) * 2).label("doubled")), own.dialect
        )
        own.keep_prepared("probe_doubled", doubled)
        for n in (21, 50):
            await own.begin()
            assert await own.value(doubled.executed_as("probe_doubled", {"n": n})) == 2 * n
            await own.rollback()
            await own.discard()  # the next BEGIN opens a new connection, prepared anew
        assert own._connection is None


async def test_an_event_that_is_not_next_changes_nothing_on_its_own_connection(
    database, backend
):
    _postgres_only(backend)
    async with _probing(database, "not-next") as (engine, own, applier):
        aggregate = ("probe", uuid4())
        await applier.apply([_arriving(applier, aggregate, 1, n=1)], drain=False)
        for version, n in ((1, 10), (3, 30)):  # a duplicate, then one ahead of a gap
            assert not await applier._apply_next([_arriving(applier, aggregate, version, n)], own)
        assert await _stored(engine, aggregate) == (1, [1])
        # The checked way then tells them apart.
        again, ahead = _arriving(applier, aggregate, 1, 10), _arriving(applier, aggregate, 3, 30)
        await applier.apply([again], drain=False)
        await applier.apply([ahead], drain=False)
        assert (again.outcome, ahead.outcome) == ("duplicate", "parked")
        assert await _stored(engine, aggregate) == (1, [1])


async def test_a_key_that_cannot_be_written_in_is_advanced_on_its_own(database, backend):
    _postgres_only(backend)
    async with _probing(database, "odd-key") as (engine, own, applier):
        aggregate = ("care package's", uuid4())
        sent = await _watched(own)
        await _apply_in_order(applier, aggregate, range(1, 3))
        assert [q.split()[0] for q in sent] == [
            "BEGIN", "INSERT", "COMMIT", "BEGIN", "UPDATE", "COMMIT"
        ]
        assert "'" not in sent[0] and "care package" not in sent[1]  # bound, not written in
        assert await _stored(engine, aggregate) == (2, [1, 2])


async def _positions(engine: Any, aggregates: list[tuple[str, Any]]) -> list[int]:
    return [(await _stored(engine, aggregate))[0] for aggregate in aggregates]


async def _applied(engine: Any) -> list[int]:
    applied = metadata.tables["applied"]
    async with engine.connect() as elsewhere:
        return sorted((await elsewhere.execute(select(applied.c.n))).scalars())


async def test_a_batch_of_next_events_is_one_transaction_on_its_own_connection(
    database, backend
):
    _postgres_only(backend)
    async with _probing(database, "batch") as (engine, own, applier):
        aggregates = [("probe", uuid4()) for _ in range(3)]
        await _apply_in_order(applier, aggregates[0], range(1, 3))  # stands at 2
        # The first batch on a connection also has the driver read the arrays' types.
        warm = [_arriving(applier, ("probe", uuid4()), 1, n=n) for n in (100, 101)]
        await applier.apply(warm, drain=True)
        sent = await _watched(own)
        # Version 3 of the first (a position that moves on), the first of two others.
        batch = [
            _arriving(applier, aggregates[0], 3, n=3),
            _arriving(applier, aggregates[1], 1, n=11),
            _arriving(applier, aggregates[2], 1, n=21),
        ]
        assert await applier.apply(batch, drain=True) == []
        await asyncio.sleep(0)  # the driver logs on its next turn
        assert [item.outcome for item in batch] == ["applied"] * 3
        assert [q.split()[0] for q in sent] == ["BEGIN", "WITH", "COMMIT"]
        assert await _positions(engine, aggregates) == [3, 1, 1]
        assert await _applied(engine) == [1, 2, 3, 11, 21, 100, 101]


@pytest.mark.parametrize("odd_one", ["duplicate", "ahead of a gap", "behind parked events"])
async def test_a_batch_with_one_event_not_next_is_applied_the_checked_way(
    database, backend, odd_one
):
    _postgres_only(backend)
    async with _probing(database, "batch-odd") as (engine, own, applier):
        first, second = ("probe", uuid4()), ("probe", uuid4())
        await _apply_in_order(applier, first, range(1, 3))  # stands at 2
        if odd_one == "behind parked events":
            parked = _arriving(applier, second, 2, n=22)
            await applier.apply([parked], drain=False)
            assert parked.outcome == "parked"
        version = {"duplicate": 2, "ahead of a gap": 4, "behind parked events": 3}[odd_one]
        odd, next_one = _arriving(applier, first, version, n=30), _arriving(applier, second, 1, 21)
        # On the own connection: nothing moves, nothing is applied.
        assert not await applier._apply_next([next_one, odd], own)
        assert await _positions(engine, [first, second]) == [2, 0]
        assert await _applied(engine) == [1, 2]
        # The checked way tells them apart (and applies the parked successor in turn).
        await applier.apply([next_one, odd], drain=True)
        outcome = {"duplicate": "duplicate", "ahead of a gap": "parked",
                   "behind parked events": "applied"}[odd_one]
        assert (next_one.outcome, odd.outcome) == ("applied", outcome)
        moved = 2 if odd_one == "behind parked events" else 1
        first_at = 3 if odd_one == "behind parked events" else 2
        assert await _positions(engine, [first, second]) == [first_at, moved]


async def test_a_failing_handler_in_a_batch_leaves_nothing_of_the_batch(database, backend):
    _postgres_only(backend)
    async with database("batch-fails") as url, _own_connection(url) as (engine, own):
        applied = metadata.tables["applied"]

        async def record(probe: ProbeHappened, uow: UnitOfWork) -> None:
            if probe.n == 2:
                raise ValueError("this one cannot apply")
            await uow.session.execute(
                applied.insert().values(event_id=probe.id, n=probe.n, replica="a")
            )

        applier = _applier(
            _store(), own, _units(engine), {ProbeHappened.subject_name: (ProbeHappened, record)}
        )
        aggregates = [("probe", uuid4()) for _ in range(3)]
        batch = [_arriving(applier, a, 1, n=n) for n, a in enumerate(aggregates, start=1)]
        for item in batch:
            item.message = object()  # as delivered: a failure then names its event
        with pytest.raises(ValueError) as failed:
            await applier.apply(batch, drain=True)
        assert failed.value.dps_item is batch[1]  # type: ignore[attr-defined]
        assert await _positions(engine, aggregates) == [0, 0, 0]
        assert await _applied(engine) == []


async def test_a_batch_with_two_events_of_one_aggregate_goes_the_checked_way(
    database, backend
):
    _postgres_only(backend)
    async with _probing(database, "batch-run") as (engine, own, applier):
        aggregate = ("probe", uuid4())
        sent = await _watched(own)
        batch = [_arriving(applier, aggregate, v, n=v) for v in (1, 2)]
        assert await applier.apply(batch, drain=True) == []
        await asyncio.sleep(0)
        assert sent == []  # on a pooled connection, in one transaction
        assert [item.outcome for item in batch] == ["applied", "applied"]
        assert await _stored(engine, aggregate) == (2, [1, 2])


async def test_a_first_version_moves_a_position_that_stands_at_nought(database, backend):
    _postgres_only(backend)
    store = _store()
    async with _probing(database, "batch-nought", store) as (engine, own, applier):
        known, new = ("probe", uuid4()), ("probe", uuid4())
        # A position row at 0 with nothing parked (as one is left once what was parked
        # there has been dead-lettered): the first version moves it, it is not inserted.
        async with engine.begin() as connection:
            assert (await store.lock(connection, [known]))[known].version == 0
        batch = [_arriving(applier, known, 1, n=1), _arriving(applier, new, 1, n=2)]
        assert await applier._apply_next(batch, own)
        assert [item.outcome for item in batch] == ["applied", "applied"]
        assert await _positions(engine, [known, new]) == [1, 1]
        assert await _applied(engine) == [1, 2]


@pytest.mark.parametrize("fails", [False, True])
async def test_a_handler_s_connection_and_session_are_the_one_transaction(
    database, backend, fails
):
    """A handler may write through ``session.connection()`` (which, joined, is the own
    connection itself: nothing begun for it) and through ``session.execute``: both are the
    event's transaction, committed with its position, or gone with it."""
    _postgres_only(backend)
    async with database("joined-session") as url, _own_connection(url) as (engine, own):
        applied = metadata.tables["applied"]

        async def record(probe: ProbeHappened, uow: UnitOfWork) -> None:
            connection = await uow.session.connection()
            await connection.execute(
                applied.insert(), {"event_id": uuid4(), "n": probe.n, "replica": "a"}
            )
            await uow.session.execute(
                applied.insert().values(event_id=uuid4(), n=probe.n + 100, replica="a")
            )
            if fails and probe.n == 2:
                raise ValueError("after both writes")

        applier = _applier(
            _store(), own, _units(engine), {ProbeHappened.subject_name: (ProbeHappened, record)}
        )
        aggregate = ("probe", uuid4())
        first = _arriving(applier, aggregate, 1, n=1)
        await applier.apply([first], drain=False)
        second = _arriving(applier, aggregate, 2, n=2)
        if fails:
            with pytest.raises(ValueError):
                await applier.apply([second], drain=False)
            assert await _stored(engine, aggregate) == (1, [1, 101])
        else:
            await applier.apply([second], drain=False)
            assert await _stored(engine, aggregate) == (2, [1, 101, 2, 102])
        # Whatever happened, the connection is idle and takes the next event.
        third = _arriving(applier, aggregate, 3 if not fails else 2, n=3)
        await applier.apply([third], drain=False)
        assert third.outcome == "applied"
        assert not own._driver.is_in_transaction()
