"""The service kit: aggregate versions stamped at commit, settings named by service, the one
visibility rule, and the base repository's named not-found error."""

from __future__ import annotations

import gc
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, String, Table, Uuid, select
from sqlalchemy.orm import registry

from shared.actors import Actor, Role, require_visible
from shared.clock import ManualClock
from shared.db import make_engine, make_session_factory, new_metadata
from shared.domain import AggregateRoot
from shared.errors import NotFound
from shared.events.base import Event
from shared.identity import provider_id_for
from shared.messaging.tables import messaging_tables
from shared.settings import BaseServiceSettings
from shared.uow import UnitOfWork

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


class KitThingHappened(Event):
    """Test-only."""

    subject_name = "dps.kittest.thing_happened.v1"
    n: int


class Widget(AggregateRoot):
    def __init__(self) -> None:
        self.id = uuid4()

    def poke(self, n: int) -> None:
        self.record(KitThingHappened(occurred_at=NOW, n=n))


metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)


@asynccontextmanager
async def _uow(url: str) -> AsyncIterator[UnitOfWork]:
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    try:
        yield UnitOfWork(
            make_session_factory(engine), outbox=outbox, inbox=inbox, source="/test",
            clock=ManualClock(NOW),
        )
    finally:
        await engine.dispose()


async def _published(uow: UnitOfWork) -> list[dict]:
    async with uow:
        rows = await uow.session.execute(select(outbox.c.payload).order_by(outbox.c.position))
        return [json.loads(r.payload) for r in rows]


def test_an_aggregate_names_itself_in_snake_case_on_what_it_records():
    widget = Widget()
    widget.poke(1)
    (event,) = widget.pending_events
    assert (event.aggregate_type, event.aggregate_id) == ("widget", widget.id)


async def test_each_aggregates_events_carry_versions_rising_by_one_across_commits(database):
    async with database("kit") as url, _uow(url) as uow:
        a, b = Widget(), Widget()
        async with uow:
            a.poke(1)
            b.poke(2)
            a.poke(3)
            uow.track(a)
            uow.track(b)
            await uow.commit()
        async with uow:
            a.poke(4)
            uow.track(a)
            await uow.commit()
        published = await _published(uow)
    versions = [(UUID(e["aggregate_id"]), e["aggregate_version"], e["n"]) for e in published]
    assert versions == [(a.id, 1, 1), (b.id, 1, 2), (a.id, 2, 3), (a.id, 3, 4)]
    assert {e["aggregate_type"] for e in published} == {"widget"}


async def test_an_event_no_aggregate_raised_cannot_be_published(database):
    async with database("kit") as url, _uow(url) as uow:
        async with uow:
            with pytest.raises(ValueError, match="must name its aggregate"):
                uow.publish(KitThingHappened(occurred_at=NOW, n=1))


def test_settings_prefix_and_default_store_follow_from_the_service_name(monkeypatch):
    class ParcelSettings(BaseServiceSettings, service="parcel"):
        pass

    assert ParcelSettings().service_name == "parcel"
    assert ParcelSettings().database_url.endswith("/var/data/parcel.db")
    monkeypatch.setenv("PARCEL_DATABASE_URL", "postgresql+asyncpg://x/parcel")
    assert ParcelSettings().database_url == "postgresql+asyncpg://x/parcel"
    assert BaseServiceSettings().database_url.endswith("/var/service.db")


def test_a_provider_sees_another_providers_record_exactly_as_a_missing_one():
    own, other = provider_id_for("care-co"), provider_id_for("rival-co")
    provider = Actor("u-1", Role.PROVIDER, "care-co", provider_id=own)
    commissioner = Actor("u-2", Role.COMMISSIONER, "staffordshire-cc")
    hidden = NotFound("There is no call-off 42.")
    require_visible(provider, own, hidden)
    require_visible(commissioner, other, hidden)
    with pytest.raises(NotFound) as refused:
        require_visible(provider, other, hidden)
    assert refused.value is hidden and str(other) not in str(refused.value.details)


def test_an_actor_needs_an_id_and_a_provider_needs_its_organisation():
    with pytest.raises(ValueError):
        Actor("  ", Role.COMMISSIONER)
    with pytest.raises(ValueError):
        Actor("u-1", Role.PROVIDER)


# --- an aggregate loaded through the ORM keeps its events until the commit -----------------

gadgets = Table("kit_gadgets", metadata, Column("id", Uuid, primary_key=True),
                Column("name", String(40), nullable=False))


class Gadget(AggregateRoot):
    def __init__(self, name: str) -> None:
        self.id = uuid4()
        self.name = name

    def poke(self, n: int) -> None:
        self.record(KitThingHappened(occurred_at=NOW, n=n))


registry().map_imperatively(Gadget, gadgets)


async def test_events_of_an_aggregate_the_use_case_let_go_of_are_never_lost(database):
    # The session holds clean objects weakly: before the kit held every aggregate entering
    # it, one added and flushed (or loaded and left unchanged) by a handler that then let go
    # of it could be collected before the commit, and its events dropped.
    async with database("kit") as url, _uow(url) as uow:
        async with uow:
            added = Gadget("spanner")
            kept = added.id
            uow.session.add(added)
            added.poke(1)
            await uow.session.flush()
            del added
            gc.collect()
            await uow.commit()
        async with uow:
            loaded = await uow.session.get(Gadget, kept)
            assert loaded is not None
            loaded.poke(2)
            del loaded
            gc.collect()
            await uow.commit()
        published = await _published(uow)
    assert [(e["aggregate_id"], e["n"]) for e in published] == [(str(kept), 1), (str(kept), 2)]
