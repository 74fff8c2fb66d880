"""No member and no application commits after its DPS has closed, however the requests
interleave: admitting and applying hold the DPS open until they commit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from services.registry.store.repositories import ProviderRepository
from tests.messaging.harness import wait_for
from tests.registry.api_support import COMMISSIONER, Registry, problem

pytestmark = pytest.mark.nats


class Gate:
    """Pauses the next provider load (the step after the DPS is read) until opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = asyncio.Event()
        self.open = asyncio.Event()
        self.armed = False
        original = ProviderRepository.get
        gate = self

        async def paused_get(repo: Any, id: Any, **kwargs: Any) -> Any:
            if gate.armed:
                gate.armed = False
                gate.reached.set()
                await gate.open.wait()
            return await original(repo, id, **kwargs)

        # get_visible loads through get, so both the admission and the application pause.
        monkeypatch.setattr(ProviderRepository, "get", paused_get)


async def _waiting_on_a_lock(registry: Registry) -> bool:
    async with registry.app.state.runtime.session_factory() as session:
        waiting = await session.scalar(text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ))
    return bool(waiting)


async def _race(
    registry: Registry, dps_id: str, gate: Gate, request: Any
) -> tuple[Any, bool]:
    """Start ``request`` (paused once it has read the DPS), close the DPS meanwhile, then let
    the request go on. Returns (the request's answer, the close's answer)."""
    gate.armed = True
    paused = asyncio.create_task(request)
    await gate.reached.wait()
    close = asyncio.create_task(registry.client.post(
        f"/dps/{dps_id}/close", json={"reason": "recommissioned"}, headers=COMMISSIONER))

    async def close_done_or_waiting() -> bool:
        return close.done() or await _waiting_on_a_lock(registry)

    await wait_for(close_done_or_waiting, timeout=30, what="the close to finish or wait")
    closed_first = close.done()
    gate.open.set()
    answer, closed = await paused, await close
    assert closed.status_code == 200, closed.text
    return answer, closed_first


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("the interleaving is observed through PostgreSQL's lock waits")


async def test_admitting_cannot_commit_after_the_dps_closed(registry, monkeypatch, postgres_only):
    dps = await registry.open_dps()
    applied = (await registry.apply(await registry.provider(), dps, ["A"])).json()
    gate = Gate(monkeypatch)
    admit = registry.client.post(f"/applications/{applied['id']}/admit",
                                 json={"why": "qualifies"}, headers=COMMISSIONER)
    answer, closed_first = await _race(registry, dps["id"], gate, admit)
    members = (await registry.client.get(f"/memberships?dps_id={dps['id']}",
                                         headers=COMMISSIONER)).json()["items"]
    if closed_first:  # the close committed while the admission was deciding: it must fail
        problem(answer, 409, "dps_not_open")
        assert members == []
    else:  # the close waited for the admission, which committed while the DPS was open
        assert answer.status_code == 200, answer.text
        assert len(members) == 1


async def test_applying_cannot_commit_after_the_dps_closed(registry, monkeypatch, postgres_only):
    dps = await registry.open_dps()
    provider = await registry.provider()
    gate = Gate(monkeypatch)
    answer, closed_first = await _race(
        registry, dps["id"], gate, registry.apply(provider, dps, ["A"])
    )
    applications = (await registry.client.get(f"/applications?dps_id={dps['id']}",
                                              headers=COMMISSIONER)).json()["items"]
    if closed_first:
        problem(answer, 409, "dps_not_open")
        assert applications == []
    else:
        assert answer.status_code == 201, answer.text


async def test_concurrent_close_and_admit_pairs_never_leave_a_member_admitted_after_the_close(
    registry,
):
    """The report's reproduction: 40 pairs of close + admit at once. Nothing fails on our
    side, and each admission either committed (one member) or was refused (none)."""
    pairs = []
    for _ in range(40 if registry.app.state.runtime.settings.database_url.startswith(
            "postgresql") else 10):
        dps = await registry.open_dps()
        applied = (await registry.apply(await registry.provider(), dps, ["A"])).json()
        pairs.append((dps, applied))

    async def pair(dps: dict[str, Any], applied: dict[str, Any]) -> tuple[int, int]:
        admit, close = await asyncio.gather(
            registry.client.post(f"/applications/{applied['id']}/admit",
                                 json={"why": "qualifies"}, headers=COMMISSIONER),
            registry.client.post(f"/dps/{dps['id']}/close", json={"reason": "ended"},
                                 headers=COMMISSIONER),
        )
        return admit.status_code, close.status_code

    results = await asyncio.gather(*(pair(d, a) for d, a in pairs))
    assert {close for _, close in results} == {200}
    assert {admit for admit, _ in results} <= {200, 409}
    members = [
        (await registry.client.get(f"/memberships?dps_id={dps['id']}",
                                   headers=COMMISSIONER)).json()["items"]
        for dps, _ in pairs
    ]
    assert [len(m) for m in members] == [int(admit == 200) for admit, _ in results]
