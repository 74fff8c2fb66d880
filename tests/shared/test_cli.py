"""The ``dps`` command: tokens signed with a run's own secret, one-line errors, outbox ranges
of a local run's store."""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.db import make_engine
from shared.http.auth import AuthConfig, Role, verify_token
from shared.localrun import SECRET_FILE, database_url, ensure_local_secret
from shared.migrations import upgrade


def dps(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_local_secret_is_random_per_data_folder_and_readable_only_by_its_owner(tmp_path):
    first, second = ensure_local_secret(tmp_path / "a"), ensure_local_secret(tmp_path / "b")
    assert first != second and len(first) >= 32
    assert ensure_local_secret(tmp_path / "a") == first  # kept across runs
    mode = stat.S_IMODE(os.stat(tmp_path / "a" / SECRET_FILE).st_mode)
    assert mode == 0o600


def test_token_command_signs_with_the_secret_of_the_run(tmp_path, capsys):
    secret = ensure_local_secret(tmp_path)
    code, out, err = dps(
        capsys, "token", "--data-dir", str(tmp_path), "--role", "approver", "--role", "auditor",
        "--organisation", "kent-cc", "--approval-limit", "250000",
    )
    assert code == 0, err
    caller = verify_token(out.strip(), AuthConfig(mode="local", secret=secret))
    assert caller.roles == frozenset({Role.APPROVER, Role.AUDITOR})
    assert caller.organisation == "kent-cc"
    assert str(caller.approval_limit) == "250000"


def test_token_command_without_a_run_says_to_start_one(tmp_path, capsys):
    code, out, err = dps(capsys, "token", "--data-dir", str(tmp_path), "--role", "commissioner")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "start `dps run" in err


BAD_INPUT = {
    "unknown role": (["token", "--role", "admin"], "'admin' is not a role; choose from"),
    "no role": (["token"], "Missing option '--role'"),
    "too long a lifetime": (["token", "--role", "auditor", "--hours", "48"], "--hours"),
    "blank subject": (["token", "--role", "auditor", "--subject", " "], "--subject"),
    "bad limit": (["token", "--role", "approver", "--approval-limit", "lots"], "pounds"),
    "unknown service": (["migrate", "nowhere"], "choose one of registry"),
    "unknown command": (["bogus"], "No such command"),
    "no range": (["outbox", "republish", "calloff"], "--from"),
    "port out of range": (["run", "--base-port", "80"], "not a usable port"),
    "outbox of a folder with no run": (
        ["outbox", "status", "calloff", "--data-dir", "/nonexistent"], "no calloff store"
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_every_command_turns_bad_input_into_one_line_that_says_what_to_do(
    case, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("DPS_DATA_DIR", str(tmp_path))
    ensure_local_secret(tmp_path)
    args, expected = BAD_INPUT[case]
    code, out, err = dps(capsys, *args)
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert expected in err


async def _store_with_sent_rows(url: str, count: int) -> None:
    from services.calloff.store import outbox

    engine = make_engine(url)
    await upgrade(engine, "calloff")
    async with engine.begin() as connection:
        now = datetime.now(UTC)
        await connection.execute(
            outbox.insert(),
            [{"event_id": uuid.uuid4(), "subject": "dps.calloff.x.v1", "payload": "{}",
              "headers": {}, "created_at": now, "sent_at": now} for _ in range(count)],
        )
    await engine.dispose()


async def _unsent(url: str) -> int:
    from services.calloff.store import outbox

    engine = make_engine(url)
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        )
    await engine.dispose()
    return int(count or 0)


def test_republish_marks_kept_sent_rows_of_a_local_run_unsent(tmp_path: Path, capsys):
    url = database_url(tmp_path, "calloff")
    asyncio.run(_store_with_sent_rows(url, 4))
    code, out, err = dps(
        capsys, "outbox", "republish", "calloff", "--from", "2", "--to", "3",
        "--data-dir", str(tmp_path),
    )
    assert code == 0, err
    assert "2 events marked" in out
    assert asyncio.run(_unsent(url)) == 2
    code, out, _ = dps(capsys, "outbox", "status", "calloff", "--data-dir", str(tmp_path))
    assert "2 waiting" in out and "2 sent and kept" in out


def test_outbox_status_reads_the_service_setting_without_a_data_dir(tmp_path, capsys, monkeypatch):
    url = f"sqlite+aiosqlite:///{tmp_path}/c.db"
    asyncio.run(_store_with_sent_rows(url, 1))
    monkeypatch.setenv("CALLOFF_DATABASE_URL", url)
    code, out, _ = dps(capsys, "outbox", "status", "calloff")
    assert code == 0 and "0 waiting" in out and "1 sent and kept" in out


def test_migrate_upgrades_the_store_of_a_local_run(tmp_path, capsys):
    code, out, err = dps(capsys, "migrate", "evaluation", "--data-dir", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "data" / "evaluation.db").exists()
