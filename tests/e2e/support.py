"""What the end-to-end scenarios share: the system's client, and providers admitted to a DPS."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from shared.demo import calloff, registry
from shared.demo.client import Caller, CareDps
from shared.identity import provider_id_for
from shared.localrun import CLOCK_FILE
from tests.support.system import System, running_system


@asynccontextmanager
async def care_dps(tmp: Path, backend: str, **options: Any) -> AsyncIterator[CareDps]:
    """The four services as `dps run` starts them, and a client of their HTTP APIs."""
    async with running_system(tmp, backend=backend, **options) as system:
        client = client_of(system)
        try:
            yield client
        finally:
            await client.close()


def client_of(system: System) -> CareDps:
    return CareDps(
        urls={s: [r.url for r in rs] for s, rs in system.replicas.items()},
        secret=system.secret,
        clock_file=system.plan.data_dir / CLOCK_FILE,
    )


async def admitted_providers(
    system: CareDps, council: Caller, dps: dict[str, Any], names: list[str],
    *, areas: list[str], lot_codes: list[str] | None = None, start: int = 1,
) -> list[Caller]:
    """Providers who registered, applied to ``lot_codes`` and were admitted; the call-off
    service knows each as a member before this returns."""
    providers = []
    for n, name in enumerate(names, start=start):
        organisation = name.lower().replace(" ", "-")
        provider = system.caller("provider", organisation, f"{organisation}-manager")
        await registry.register(system, provider, name, number=30_000_000 + n, areas=areas)
        applied = await registry.apply(system, provider, dps, lot_codes)
        await registry.admit(system, council, applied["id"])
        providers.append(provider)
    ids = {str(provider_id_for(p.organisation)) for p in providers}
    for lot in dps["lots"]:
        if lot_codes is None or lot["code"] in lot_codes:
            await calloff.await_members(system, council, dps["id"], lot["id"], ids)
    return providers


def a_person(seed: int, age_band: str, district: str, today: date) -> dict[str, Any]:
    from shared.demo.people import person

    return person(random.Random(seed), age_band, district, today)
