"""Each aggregate is saved and loaded back equal, attribute by attribute, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.registry.domain import admit
from services.registry.domain.compliance import check_documents, request_redeclaration
from services.registry.store import RegistryUnitOfWork, metadata
from shared.clock import ManualClock
from shared.db import make_engine, make_session_factory
from shared.identity import provider_id_for
from shared.migrations import upgrade
from tests.registry.factories import (
    COMMISSIONER,
    kent_everyday_life,
    london,
    make_application,
    make_dps,
    make_provider,
    provider_user,
    sefton_supported_living_pdps,
    staffordshire_day_opportunities,
)
from tests.registry.snapshots import snapshot

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)


async def _store(url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    await upgrade(engine, "registry")
    factory = make_session_factory(engine)

    def uow() -> RegistryUnitOfWork:
        return RegistryUnitOfWork(
            factory, outbox=metadata.tables["outbox"], inbox=metadata.tables["inbox"],
            source="/care-dps/registry", clock=ManualClock(NOW),
        )

    return engine, uow


def _provider(organisation: str, **overrides):  # type: ignore[no-untyped-def]
    provider = make_provider(id=provider_id_for(organisation), **overrides)
    provider.organisation = organisation
    return provider


async def test_every_aggregate_is_loaded_back_equal_to_what_was_saved(database):
    async with database("registry") as url:
        engine, uow = await _store(url)
        try:
            kent_open = london(date(2022, 6, 1))
            kent = kent_everyday_life(kent_open)
            staffs = staffordshire_day_opportunities(london(date(2021, 3, 1)), open_=False)
            sefton = sefton_supported_living_pdps(NOW, joint_with_health=True)
            dps = make_dps(NOW, lots=("A", "B"))
            provider = _provider("example-care")
            provider.add_contact("Sam Doe", "sam@example.org", NOW, provider_user(provider),
                                 phone="01785 000000", role="registered manager")
            provider.set_capacity(dps.id, dps.lots[0].id, 4, NOW, provider_user(provider))
            application = make_application(dps, provider, NOW,
                                           documents_expire_on=date(2025, 2, 1))
            application.extend_decision(NOW, COMMISSIONER, "CQC inspection report awaited")
            members = admit(dps=dps, application=application, provider=provider, now=NOW,
                            by=COMMISSIONER, why="meets the selection criteria")
            request_redeclaration(dps=dps, lot_id=dps.lots[0].id, memberships=members,
                                  now=NOW, by=COMMISSIONER)
            members[1].suspend("safeguarding", NOW + timedelta(hours=1), COMMISSIONER, "alert")
            check_documents(dps=dps, provider=provider, memberships=members,
                            now=NOW + timedelta(days=7))
            rejected = make_application(dps, _provider("other-care"), NOW)
            rejected.reject(NOW, COMMISSIONER, ["no safeguarding policy"])

            saved = [kent, staffs, sefton, dps, provider, application, rejected, *members]
            async with uow() as unit:
                for dps_ in (kent, staffs, sefton, dps):
                    unit.dps.add(dps_)
                unit.providers.add(provider)
                unit.applications.add(application)
                unit.applications.add(rejected)
                for m in members:
                    unit.memberships.add(m)
                await unit.commit()
            expected = [snapshot(a) for a in saved]

            async with uow() as unit:
                loaded = [
                    await unit.dps.get(kent.id), await unit.dps.get(staffs.id),
                    await unit.dps.get(sefton.id), await unit.dps.get(dps.id),
                    await unit.providers.get(provider.id),
                    await unit.applications.get(application.id),
                    await unit.applications.get(rejected.id),
                    *[await unit.memberships.get(m.id) for m in members],
                ]
            assert all(a is not None for a in loaded)
            for before, after in zip(expected, loaded, strict=True):
                assert snapshot(after) == before
        finally:
            await engine.dispose()
