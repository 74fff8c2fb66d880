"""``dps clock``: move the shared clock of a local run (never production).

The services that ``dps run`` starts read ``<data dir>/clock.json`` (an offset from the wall
clock), so moving it moves time for all four at once: a response deadline, a standstill or
an offer window is reached without waiting, and the tickers act on it within a moment.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from shared.clock import FileClock, move_clock
from shared.localrun import CLOCK_FILE

clock_app = typer.Typer(help="Move the shared clock of a local run.", no_args_is_help=True)

DataDir = Annotated[
    Path,
    typer.Option("--data-dir", envvar="DPS_DATA_DIR", help="The data folder of the `dps run`."),
]


def _path(data_dir: Path) -> Path:
    if not data_dir.is_dir():
        raise typer.BadParameter(
            f"{data_dir} is not the data folder of a `dps run`", param_hint="--data-dir"
        )
    return data_dir / CLOCK_FILE


def _say(path: Path) -> None:
    clock = FileClock(path)
    offset = clock.offset()
    typer.echo(f"{clock.now():%Y-%m-%d %H:%M:%S} UTC (wall clock + {offset})")


@clock_app.command("show")
def show(data_dir: DataDir = Path("var")) -> None:
    """What time the services of the run think it is."""
    _say(_path(data_dir))


@clock_app.command("advance")
def advance(
    data_dir: DataDir = Path("var"),
    days: Annotated[float, typer.Option(min=0, help="Days forward.")] = 0,
    hours: Annotated[float, typer.Option(min=0, help="Hours forward.")] = 0,
    minutes: Annotated[float, typer.Option(min=0, help="Minutes forward.")] = 0,
) -> None:
    """Move time forward, e.g. `dps clock advance --days 10`."""
    by = timedelta(days=days, hours=hours, minutes=minutes)
    if by > timedelta(days=36_500):
        raise typer.BadParameter("at most a hundred years at a time", param_hint="--days")
    path = _path(data_dir)
    move_clock(path, by=by)
    _say(path)


@clock_app.command("set")
def set_to(
    moment: Annotated[
        datetime,
        typer.Argument(
            help="ISO 8601 with its zone, e.g. 2027-06-01T09:00+01:00 (later than now).",
            formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M%z"],
        ),
    ],
    data_dir: DataDir = Path("var"),
) -> None:
    """Move time forward to a moment."""
    path = _path(data_dir)
    try:
        move_clock(path, to=moment)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    _say(path)
