"""``dps demo``: a year of the seeds' three DPSs on the system ``make run`` started.

It talks to the four services only through their public HTTP APIs, acting as the councils'
officers and the providers with tokens signed by the run's secret, and moves the run's
shared clock (``dps clock``) as the year goes. Each run plays the next financial year on the
DPSs an earlier run set up (or sets them up), after finishing what an interrupted run left.
Every failure ends in one line saying what to do.
"""

from __future__ import annotations

import fcntl
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

import httpx
from rich.console import Console

from shared.demo.client import ApiError, CareDps
from shared.demo.progress import Stages
from shared.demo.scene import SCALES, DemoError, Scale, year_label
from shared.demo.summary import Summary, collect, render
from shared.demo.year import play_year, starting_point
from shared.localrun import SERVICES

#: How long a request may go unanswered (a service restarting) before the demo stops.
PATIENCE_SECONDS = 90.0
#: Held while a demo plays on a run (in its data folder).
LOCK_FILE = "dps-demo.lock"
#: Clocks further apart than this are not the same run's.
_CLOCK_SLACK = timedelta(minutes=10)


def parse_scale(text: str) -> Scale:
    """``small`` (about a tenth of a year), ``full`` (the seeds' figures), or a factor."""
    if text in SCALES:
        return SCALES[text]
    try:
        factor = float(text)
    except ValueError:
        factor = 0.0
    if not 0.01 <= factor <= 5:
        raise ValueError(f"{text!r}: give small, full, or a factor from 0.01 to 5")
    return Scale(text, factor)


async def preflight(system: CareDps, data_dir: Path) -> None:
    """The run answers on every port, is ready, keeps the clock of ``data_dir`` and takes
    tokens signed with its secret; else one line saying what to do."""
    for service in SERVICES:
        url = system.urls[service][0]
        try:
            answer = await system.http.get(f"{url}/readyz", timeout=10)
        except httpx.TransportError:
            raise DemoError(f"no `dps run` answers at {url}: start `make run` first (or give "
                            "the --base-port and --data-dir of your run)") from None
        body = answer.json() if answer.headers.get("content-type", "").endswith("json") else {}
        if answer.status_code != 200:
            raise DemoError(f"the {service} service at {url} is not ready (database "
                            f"{body.get('database', '?')}): wait until `make run` says "
                            "'All services healthy', then try again")
        if body.get("broker") != "connected":
            raise DemoError(f"the {service} service at {url} has lost nats-server: restart "
                            "`make run`, then try again")
        said = body.get("time")
        if said and abs(datetime.fromisoformat(said) - system.now()) > _CLOCK_SLACK:
            raise DemoError(f"the run at {url} does not keep its clock in {system.clock_file}:"
                            " give the --data-dir of that run")
    council = system.caller("commissioner", "staffordshire-cc")
    try:
        await system.get("registry", "/dps", council, limit=1)
    except ApiError as refused:
        if refused.status == 401:
            raise DemoError(f"the run at {system.urls['registry'][0]} refuses tokens signed "
                            f"with {data_dir}/local-jwt-secret: give the --data-dir of that "
                            "run") from None
        raise


def hold_demo_lock(data_dir: Path) -> IO[str]:
    """One demo at a time on a run: two would act on the same call-offs at once."""
    handle = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115 (held for the whole demo)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise DemoError(f"another `dps demo` (pid {holder}) is playing on the run of "
                        f"{data_dir}: let it finish, or stop it, then try again") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


async def demo(data_dir: Path, base_port: int, scale: Scale, console: Console) -> Summary:
    """Play the next financial year and return its summary (printed as it ends)."""
    started = time.monotonic()
    system = CareDps.local(data_dir, base_port)
    system.patience = PATIENCE_SECONDS
    lock = hold_demo_lock(data_dir)
    try:
        await preflight(system, data_dir)
        try:
            year, quarter = await starting_point(system)
            console.print(f"care-dps demo ({scale.name}): financial year {year_label(year)}"
                          + (f" from its quarter {quarter + 1}" if quarter else "")
                          + f" on the run at {system.urls['registry'][0]} (its clock: "
                          f"{system.now():%d %b %Y})", highlight=False)
            with Stages(console) as stages:
                scenes = await play_year(system, scale, stages, year, quarter)
            summary = await collect(system, scenes, year)
        except (ApiError, TimeoutError, httpx.HTTPError, RuntimeError, LookupError) as error:
            raise await _stopped(system, data_dir, error) from error
        render(summary, console)
        elapsed = time.monotonic() - started
        console.print(
            f"Played {year_label(year)} in {elapsed:.0f} s. `dps demo` again plays "
            f"{year_label(year + 1)}. Look around: {system.urls['registry'][0]}/docs and the "
            "other services' /docs, with a token from `dps token --role commissioner "
            "--organisation kent-cc`.", highlight=False)
        return summary
    finally:
        await system.close()
        lock.close()


async def _stopped(system: CareDps, data_dir: Path, error: BaseException) -> DemoError:
    """One line for a failure half-way: the run stopped answering, or what went wrong."""
    try:
        await preflight(system, data_dir)
    except DemoError as gone:
        return DemoError(f"{gone}; `dps demo` then finishes what was left")
    what = " ".join(str(error).split())[:300] or type(error).__name__
    return DemoError(f"the demo stopped: {what} (the services' logs are in {data_dir}/logs/;"
                     " `dps demo` again finishes what was left)")
