"""Every service's migrations upgrade an empty store to head, match the models, and go back."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from shared.db import make_engine
from shared.localrun import SERVICES
from shared.migrations import downgrade, upgrade


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_upgrade_cleanly_and_match_the_models(service, database):
    store = importlib.import_module(f"services.{service}.store")
    async with database(service) as url:
        engine = make_engine(url)
        try:
            await upgrade(engine, service)
            await upgrade(engine, service)  # a second run is a no-op

            def differences(connection):  # type: ignore[no-untyped-def]
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                return compare_metadata(context, store.metadata)

            async with engine.connect() as connection:
                diff = await connection.run_sync(differences)
                tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert diff == [], f"{service}: models and migrations disagree: {diff}"
            assert {"outbox", "inbox"} <= tables

            await downgrade(engine, service, "base")
            async with engine.connect() as connection:
                left = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert left <= {"alembic_version"}
        finally:
            await engine.dispose()
