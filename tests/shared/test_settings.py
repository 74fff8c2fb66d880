"""Settings: a prefix per service, read when create_app() runs, production needs a key."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.calloff.settings import CalloffSettings
from services.registry.settings import RegistrySettings
from shared.settings import BaseServiceSettings, MisconfiguredService

ROOT = Path(__file__).resolve().parents[2]


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
    monkeypatch.setenv("CALLOFF_JWT_SECRET", secrets.token_urlsafe(32))
    app = create_app()
    assert app.state.runtime.settings.database_url.endswith("late.db")


def test_no_usable_secret_is_written_in_the_source():
    assert BaseServiceSettings().jwt_secret is None
    source = "\n".join(p.read_text() for p in (ROOT / "shared").rglob("*.py"))
    assert "do-not-use-in-production" not in source


@pytest.mark.parametrize("service", ["registry", "calloff", "evaluation", "contracts"])
def test_a_service_with_no_secret_refuses_to_start_with_one_line_saying_what_to_set(
    service, monkeypatch
):
    import importlib

    prefix = service.upper()
    for name in ("JWT_SECRET", "AUTH_MODE"):
        monkeypatch.delenv(f"{prefix}_{name}", raising=False)
    main = importlib.import_module(f"services.{service}.main")
    with pytest.raises(MisconfiguredService) as refused:
        main.create_app()
    message = str(refused.value)
    assert "\n" not in message
    assert f"{prefix}_JWT_SECRET" in message and "dps run" in message
    assert isinstance(refused.value, SystemExit)  # uncaught: exit 1 with just this line


def test_a_bad_setting_from_the_environment_refuses_start_naming_the_variable(monkeypatch):
    from services.evaluation.main import create_app

    monkeypatch.setenv("EVALUATION_CONSUMER_MAX_DELIVER", "0")
    with pytest.raises(MisconfiguredService, match="EVALUATION_CONSUMER_MAX_DELIVER"):
        create_app()


def test_a_short_secret_is_refused_at_start():
    from services.contracts.main import create_app
    from services.contracts.settings import ContractsSettings

    with pytest.raises(MisconfiguredService, match="at least 32"):
        create_app(ContractsSettings(jwt_secret="short"))


def test_production_mode_needs_a_public_key():
    with pytest.raises(ValidationError, match="jwt_public_key"):
        BaseServiceSettings(auth_mode="production")


def test_bad_numbers_are_refused_with_the_setting_named():
    with pytest.raises(ValidationError, match="consumer_max_deliver"):
        BaseServiceSettings(consumer_max_deliver=0)
