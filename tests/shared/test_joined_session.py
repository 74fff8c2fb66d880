"""A unit of work joined to a consumer's own transaction (``JoinedSession``): whatever way
its handler writes (the session's connection, a Core statement through the session, ORM
objects added and flushed, an ORM query), it all lands in that one transaction, committed
with it or gone with it, and the connection is left idle for the next event."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid, select
from sqlalchemy.orm import registry

from shared.joined_session import JoinedSession
from shared.messaging.own_connection import OwnConnection
from tests.messaging.harness import probe_engine, probe_unit

ours = MetaData()
notes = Table(
    "joined_notes", ours,
    Column("id", Uuid, primary_key=True),
    Column("text", String(40), nullable=False),
    Column("n", Integer, nullable=False),
)


class Note:
    def __init__(self, id: UUID, text: str, n: int) -> None:
        self.id, self.text, self.n = id, text, n


registry().map_imperatively(Note, notes)


async def _texts(engine) -> list[str]:  # type: ignore[no-untyped-def]
    async with engine.connect() as elsewhere:
        return list((await elsewhere.execute(select(notes.c.text).order_by(notes.c.n))).scalars())


@pytest.mark.parametrize("fails", [False, True])
async def test_every_way_a_handler_writes_is_the_one_joined_transaction(database, backend, fails):
    if backend != "postgresql":
        pytest.skip("the consumer's own connection is PostgreSQL's (asyncpg)")
    async with database("joined-session") as url, probe_engine(url, ours) as engine:
        own = OwnConnection(engine)
        try:
            uow = probe_unit(engine)
            try:
                async with own.transaction() as connection:
                    uow.join(connection, own.commit)
                    async with uow:
                        session = uow.session
                        assert isinstance(session, JoinedSession)
                        await (await session.connection()).execute(
                            notes.insert(), {"id": uuid4(), "text": "connection", "n": 1}
                        )
                        await session.execute(
                            notes.insert().values(id=uuid4(), text="core", n=2)
                        )
                        session.add(Note(uuid4(), "orm", 3))
                        await session.flush()
                        found = (await session.execute(select(Note).order_by(Note.n))).scalars()
                        assert [note.text for note in found] == ["connection", "core", "orm"]
                        if fails:
                            raise ValueError("the handler failed after all of them")
                        await uow.commit()
            except ValueError:
                assert fails
            assert await _texts(engine) == ([] if fails else ["connection", "core", "orm"])
            assert own._driver is not None and not own._driver.is_in_transaction()
        finally:
            await own.close()
