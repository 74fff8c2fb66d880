"""Keyset pages: every row once, in order, whatever is added between pages; bad cursors 422."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, DateTime, String, Table, Uuid, insert, select
from sqlalchemy.types import TypeDecorator

from shared.db import make_engine, make_session_factory, new_metadata
from shared.paging import InvalidCursor, PageRequest, encode_cursor, keyset_page

metadata = new_metadata()
things = Table(
    "things", metadata, Column("id", Uuid, primary_key=True), Column("name", String(50))
)


async def test_pages_walk_every_row_once_in_order_even_when_rows_are_added(database):
    async with database("paging") as url:
        engine = make_engine(url)
        try:
            async with engine.begin() as c:
                await c.run_sync(metadata.create_all)
                rows = [{"id": uuid4(), "name": f"n{i % 7}"} for i in range(23)]
                await c.execute(insert(things), rows)
            sessions = make_session_factory(engine)
            seen: list[tuple[str, UUID]] = []
            cursor = None
            order = [things.c.name, things.c.id]
            while True:
                async with sessions() as s:
                    page = await keyset_page(
                        s, select(things), PageRequest(5, cursor), order, scalars=False
                    )
                    if cursor is None:  # a row added before the first cursor is used
                        await s.execute(insert(things).values(id=uuid4(), name="a0"))
                        await s.commit()
                seen += [(r.name, r.id) for r in page.items]
                cursor = page.next_cursor
                if cursor is None:
                    break
            assert seen == sorted(seen, key=lambda r: (r[0], str(r[1])))
            assert len(seen) == len(set(seen)) == 23  # "a0" sorts before the first page's end
        finally:
            await engine.dispose()


@pytest.mark.parametrize(
    "cursor", ["!!!", "bm90IGpzb24", encode_cursor(["only-one"]), encode_cursor([1, "x"]),
               encode_cursor(["a", "not-a-uuid"])],
)
async def test_a_cursor_we_did_not_give_out_is_refused_plainly(cursor, tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.begin() as c:
            await c.run_sync(metadata.create_all)
        async with make_session_factory(engine)() as s:
            with pytest.raises(InvalidCursor):
                await keyset_page(
                    s, select(things), PageRequest(5, cursor), [things.c.name, things.c.id],
                    scalars=False,
                )
    finally:
        await engine.dispose()


class _Instant(TypeDecorator[datetime]):
    """A decorated column type that does not name its Python type (like most do not)."""

    impl = DateTime(timezone=True)
    cache_ok = True


events = Table(
    "events", metadata, Column("id", Uuid, primary_key=True), Column("at", _Instant)
)


async def test_pages_ordered_by_a_decorated_datetime_column_follow_their_cursor(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.begin() as c:
            await c.run_sync(metadata.create_all)
            start = datetime(2026, 11, 2, 9)
            await c.execute(insert(events), [
                {"id": uuid4(), "at": start + timedelta(minutes=i)} for i in range(5)])
        order = [events.c.at, events.c.id]
        async with make_session_factory(engine)() as s:
            first = await keyset_page(s, select(events), PageRequest(3), order, scalars=False)
            rest = await keyset_page(
                s, select(events), PageRequest(3, first.next_cursor), order, scalars=False
            )
        assert len(first.items) == 3 and len(rest.items) == 2 and rest.next_cursor is None
    finally:
        await engine.dispose()
