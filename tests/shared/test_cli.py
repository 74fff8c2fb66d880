"""The ``dps`` command: tokens for any role, outbox re-publication of a deliberate range."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from shared.cli import app
from shared.db import make_engine
from shared.http.auth import AuthConfig, Role, verify_token
from shared.migrations import upgrade
from shared.settings import LOCAL_JWT_SECRET

runner = CliRunner()


def test_token_command_mints_a_local_token_for_any_role():
    result = runner.invoke(
        app, ["token", "--role", "approver", "--role", "auditor", "--organisation", "kent-cc",
              "--approval-limit", "250000"]
    )
    assert result.exit_code == 0, result.output
    caller = verify_token(result.output.strip(), AuthConfig(mode="local", secret=LOCAL_JWT_SECRET))
    assert caller.roles == frozenset({Role.APPROVER, Role.AUDITOR})
    assert caller.organisation == "kent-cc"
    assert str(caller.approval_limit) == "250000"


def test_token_command_refuses_an_unknown_role():
    result = runner.invoke(app, ["token", "--role", "mayor"])
    assert result.exit_code != 0


def test_republish_needs_a_deliberate_range(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLOFF_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/c.db")
    result = runner.invoke(app, ["outbox", "republish", "calloff"])
    assert result.exit_code != 0
    assert "--from" in result.output


def test_republish_marks_kept_sent_rows_unsent(tmp_path, monkeypatch):
    from services.calloff.store import outbox

    url = f"sqlite+aiosqlite:///{tmp_path}/calloff.db"
    monkeypatch.setenv("CALLOFF_DATABASE_URL", url)

    async def prepare() -> None:
        engine = make_engine(url)
        await upgrade(engine, "calloff")
        async with engine.begin() as connection:
            import uuid
            from datetime import UTC, datetime

            now = datetime.now(UTC)
            await connection.execute(
                outbox.insert(),
                [{"event_id": uuid.uuid4(), "subject": "dps.calloff.x.v1", "payload": "{}",
                  "headers": {}, "created_at": now, "sent_at": now} for _ in range(4)],
            )
        await engine.dispose()

    async def unsent() -> int:
        engine = make_engine(url)
        async with engine.connect() as connection:
            count = await connection.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )
        await engine.dispose()
        return int(count or 0)

    asyncio.run(prepare())
    result = runner.invoke(app, ["outbox", "republish", "calloff", "--from", "2", "--to", "3"])
    assert result.exit_code == 0, result.output
    assert "2 events marked" in result.output
    assert asyncio.run(unsent()) == 2
    status = runner.invoke(app, ["outbox", "status", "calloff"])
    assert "2 waiting" in status.output and "2 sent and kept" in status.output


@pytest.mark.parametrize("service", ["nowhere"])
def test_commands_name_the_services_they_know(service):
    result = runner.invoke(app, ["outbox", "status", service])
    assert result.exit_code != 0
    assert "registry" in result.output
