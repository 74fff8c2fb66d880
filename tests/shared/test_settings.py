"""Settings: a prefix per service, read when create_app() runs, production needs a key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.calloff.settings import CalloffSettings
from services.registry.settings import RegistrySettings
from shared.settings import BaseServiceSettings


def test_each_service_reads_only_its_own_prefix(monkeypatch):
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "postgresql+asyncpg://db/registry")
    monkeypatch.setenv("CALLOFF_NATS_URL", "nats://nats.care-dps:4222")
    registry, calloff = RegistrySettings(), CalloffSettings()
    assert registry.database_url == "postgresql+asyncpg://db/registry"
    assert registry.nats_url == "nats://127.0.0.1:4222"
    assert calloff.nats_url == "nats://nats.care-dps:4222"
    assert calloff.database_url.endswith("calloff.db")
    assert registry.source == "/care-dps/registry"


def test_settings_are_read_when_the_app_is_created_not_at_import(monkeypatch, tmp_path):
    from services.calloff.main import create_app

    monkeypatch.setenv("CALLOFF_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/late.db")
    app = create_app()
    assert app.state.runtime.settings.database_url.endswith("late.db")


def test_production_mode_needs_a_public_key():
    with pytest.raises(ValidationError, match="jwt_public_key"):
        BaseServiceSettings(auth_mode="production")


def test_bad_numbers_are_refused_with_the_setting_named():
    with pytest.raises(ValidationError, match="consumer_max_deliver"):
        BaseServiceSettings(consumer_max_deliver=0)
