"""A local run's shared clock: every service of one `dps run` reads one offset file, so the
end-to-end tests and the demo move time for all four at once; production refuses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.cli import main
from shared.clock import FileClock, move_clock, read_offset
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.uow import UnitOfWork
from tests.messaging.harness import wait_for
from tests.support.services import TEST_JWT_SECRET


class ClockedSettings(BaseServiceSettings, service="clocked"):
    pass


def test_a_missing_clock_file_is_the_wall_clock(tmp_path: Path):
    clock = FileClock(tmp_path / "clock.json")
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    assert clock.generation() is None


def test_moving_the_clock_moves_every_reader_of_the_file_and_only_forward(tmp_path: Path):
    path = tmp_path / "clock.json"
    one, two = FileClock(path), FileClock(path)
    move_clock(path, by=timedelta(days=10))
    for clock in (one, two):
        assert timedelta(days=10) - timedelta(seconds=5) < clock.now() - datetime.now(UTC)
    target = datetime(2100, 1, 4, 9, tzinfo=UTC)
    move_clock(path, to=target)
    assert abs(one.now() - target) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="only moves forward"):
        move_clock(path, to=datetime(2000, 1, 1, tzinfo=UTC))
    assert abs(two.now() - target) < timedelta(seconds=5)


def test_a_half_written_clock_file_leaves_the_wall_clock(tmp_path: Path):
    path = tmp_path / "clock.json"
    path.write_text('{"offset_sec')
    assert read_offset(path) == timedelta(0)


def test_production_refuses_a_moved_clock(tmp_path: Path):
    with pytest.raises(ValidationError, match="clock_file"):
        ClockedSettings(
            auth_mode="production", jwt_public_key="-----BEGIN PUBLIC KEY-----",
            clock_file=tmp_path / "clock.json",
        )  # Service.read_settings turns this into one line naming the variable
    settings = ClockedSettings(jwt_secret=TEST_JWT_SECRET, clock_file=tmp_path / "clock.json")
    assert isinstance(settings.clock(), FileClock)


async def test_a_ticker_acts_at_once_when_the_shared_clock_is_moved(tmp_path: Path, database):
    async with database("clocked") as url:
        path = tmp_path / "clock.json"
        settings = ClockedSettings(
            database_url=url, jwt_secret=TEST_JWT_SECRET, clock_file=path, connect_nats=False,
            run_migrations=False,
        )
        from shared.db import new_metadata
        from shared.messaging.tables import messaging_tables

        metadata = new_metadata()
        messaging_tables(metadata)
        runtime = ServiceRuntime(settings=settings, metadata=metadata, uow_class=UnitOfWork)
        seen: list[datetime] = []

        async def job() -> None:
            seen.append(runtime.clock.now())
            if len(seen) == 2:  # time moved while a pass runs brings the next one at once
                move_clock(path, by=timedelta(days=1))

        runtime.every(3600, job)  # an hour: only a moved clock can bring the next run soon
        async with runtime.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        await runtime.start()
        try:
            await wait_for(lambda: _ran(seen, 1), what="the first tick")
            move_clock(path, by=timedelta(days=10))
            await wait_for(lambda: _ran(seen, 2), what="a tick after the clock moved")
            assert seen[1] - seen[0] > timedelta(days=9)
            await wait_for(lambda: _ran(seen, 3), what="a tick after a move during a pass")
        finally:
            await runtime.stop()


async def _ran(seen: list[datetime], times: int) -> bool:
    return len(seen) >= times


def test_dps_clock_moves_a_run_and_says_bad_input_in_one_line(tmp_path: Path, capsys):
    assert main(["clock", "advance", "--days", "3", "--data-dir", str(tmp_path)]) == 0
    assert "wall clock + 3 days" in capsys.readouterr().out
    assert read_offset(tmp_path / "clock.json") == timedelta(days=3)
    assert main(["clock", "set", "2001-01-01T00:00+00:00", "--data-dir", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert "only moves forward" in err and len(err.strip().splitlines()) == 1
    assert main(["clock", "show", "--data-dir", str(tmp_path / "missing")]) != 0
    err = capsys.readouterr().err
    assert "not the data folder" in err and len(err.strip().splitlines()) == 1
