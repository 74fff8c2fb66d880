"""The one-statement read of a DPS gives exactly the answer the ORM's load gives, on both
databases, for DPSs with every kind of part; in one statement."""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

import pytest
from sqlalchemy import event

from services.registry.api.models.dps import DpsRead
from services.registry.store.dps_reader import read_dps
from tests.registry.api_support import COMMISSIONER, Registry, london, lot_body

pytestmark = pytest.mark.nats


async def _varied(registry: Registry) -> list[str]:
    plain = await registry.create_dps(name="Draft with nothing", lots=[], criteria=[])
    full = await registry.open_dps(extension_months=[6, 6])
    await registry.client.post(f"/dps/{full['id']}/extensions", json={"reason": "demand"},
                               headers=COMMISSIONER)
    windows = await registry.open_dps(
        regime="pcr2015_light_touch", decision_service_level_working_days=10,
        admission_mode="windows",
        initial_window_ends_at=london(date(2026, 3, 31), time(17)).isoformat(),
        participation_fee="0", lots=[lot_body("1a"), lot_body("1b", closed_lot=True)])
    await registry.client.post(f"/dps/{windows['id']}/windows", headers=COMMISSIONER, json={
        "opens_at": london(date(2026, 10, 1), time(0)).isoformat(),
        "closes_at": london(date(2026, 10, 29), time(0)).isoformat(),
        "lot_ids": [windows["lots"][0]["id"]]})
    closed = await registry.open_dps()
    await registry.client.post(f"/dps/{closed['id']}/close", json={"reason": "ended"},
                               headers=COMMISSIONER)
    return [plain["id"], full["id"], windows["id"], closed["id"]]


async def test_the_one_statement_read_equals_the_orm_load(registry):
    ids = await _varied(registry)
    runtime = registry.app.state.runtime
    for dps_id in map(UUID, ids):
        async with runtime.uow() as uow:
            orm = DpsRead.model_validate(await uow.dps.get(dps_id)).model_dump(mode="json")
        async with runtime.session_factory() as session:
            fast = DpsRead.model_validate(await read_dps(session, dps_id)).model_dump(mode="json")
        assert fast == orm
        answer = await registry.client.get(f"/dps/{dps_id}", headers=COMMISSIONER)
        assert answer.json() == orm


async def test_reading_a_dps_takes_one_statement(registry):
    dps = await registry.open_dps()
    statements: list[str] = []
    runtime = registry.app.state.runtime
    engine = runtime.engine.sync_engine

    def count(*args: object, **kwargs: object) -> None:
        statements.append(str(args[2]))

    kept: list[str] = []
    read_kept = runtime.reads.one

    async def one(statement, params=None):  # type: ignore[no-untyped-def]
        kept.append(str(statement))
        return await read_kept(statement, params)

    runtime.reads.one = one
    event.listen(engine, "before_cursor_execute", count)
    try:
        answer = await registry.client.get(f"/dps/{dps['id']}", headers=COMMISSIONER)
    finally:
        event.remove(engine, "before_cursor_execute", count)
        runtime.reads.one = read_kept
    assert answer.status_code == 200
    # One kept read (run on the driver itself, so SQLAlchemy sees no statement), and no
    # other statement (the relay polls the outbox meanwhile, on its own connection).
    assert len(kept) == 1 and "dps_documents" in kept[0], kept
    ours = [s for s in statements if "outbox" not in s and "advisory" not in s]
    assert ours == [], ours
