"""``dps``: run the system locally, mint tokens, migrate stores, re-publish outbox ranges.

Every sub-command turns bad input into one line that says what to do (``main``); set
``DPS_DEBUG=1`` to see the traceback of an unexpected failure instead.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from shared.clockcli import clock_app
from shared.localrun import (
    SERVICES,
    LocalPlan,
    LocalRunError,
    database_url,
    read_local_secret,
    run_local,
    settings_class,
)
from shared.messaging.cli import dlq_app

app = typer.Typer(
    help="care-dps: a Dynamic Purchasing System for adult social care.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
outbox_app = typer.Typer(help="Inspect and re-publish a service's outbox.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")
app.add_typer(dlq_app, name="dlq")
app.add_typer(clock_app, name="clock")

#: The longest token lifetime the services accept by default (``*_TOKEN_MAX_LIFETIME_HOURS``).
MAX_TOKEN_HOURS = 12.0


def _service(value: str) -> str:
    if value not in SERVICES:
        raise typer.BadParameter(f"{value!r} is not a service; choose one of {', '.join(SERVICES)}")
    return value


ServiceArg = Annotated[
    str, typer.Argument(help=f"One of: {', '.join(SERVICES)}", callback=_service)
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="DPS_DATA_DIR",
        help="The data folder of a local run (`dps run`); its stores are used.",
    ),
]


def _store_url(service: str, data_dir: Path | None) -> str:
    """The local run's store with ``--data-dir``, else the service's own setting."""
    if data_dir is not None:
        path = data_dir / "data" / f"{service}.db"
        if not path.exists():
            raise LocalRunError(
                f"no {service} store in {data_dir}/data/: is that the --data-dir of a `dps run`?"
            )
        return database_url(data_dir, service)
    return settings_class(service)().database_url


@app.command()
def run(
    data_dir: Annotated[
        Path, typer.Option(help="Where the stores, JetStream, logs and the secret live.")
    ] = Path("var"),
    nats_port: Annotated[int, typer.Option(help="Port of the embedded nats-server.")] = 4250,
    base_port: Annotated[
        int, typer.Option(help="registry, calloff, evaluation, contracts from here.")
    ] = 8001,
) -> None:
    """Start the whole system locally: embedded nats-server and the four services."""
    for name, port in (("--nats-port", nats_port), ("--base-port", base_port)):
        if not 1024 <= port <= 65535 - len(SERVICES):
            raise typer.BadParameter(
                f"{port} is not a usable port (1024 to 65531)", param_hint=name
            )
    raise typer.Exit(
        run_local(
            LocalPlan(data_dir=data_dir, nats_port=nats_port, base_port=base_port), echo=typer.echo
        )
    )


@app.command()
def demo(
    data_dir: Annotated[
        Path,
        typer.Option("--data-dir", envvar="DPS_DATA_DIR", help="The data folder of the `dps run`."),
    ] = Path("var"),
    base_port: Annotated[
        int, typer.Option(help="The --base-port of the `dps run` (registry; the others follow).")
    ] = 8001,
    scale: Annotated[
        str,
        typer.Option(help="small (a tenth of the volume, about ten seconds), full (the seed"
                     " reports' figures, about a minute), or a factor such as 0.5."),
    ] = "full",
) -> None:
    """Play a financial year of the seeds' three DPSs on a running `dps run` (another shell)."""
    from rich.console import Console

    from shared.demo.run import demo as play
    from shared.demo.run import parse_scale

    try:
        chosen = parse_scale(scale)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--scale") from None
    if not 1024 <= base_port <= 65535 - len(SERVICES):
        raise typer.BadParameter(f"{base_port} is not a usable port (1024 to 65531)",
                                 param_hint="--base-port")
    console = Console() if sys.stdout.isatty() else Console(width=130)
    try:
        asyncio.run(play(data_dir, base_port, chosen, console))
    except KeyboardInterrupt:
        typer.echo("dps: stopped; `dps demo` again finishes what was left", err=True)
        raise typer.Exit(130) from None


@app.command()
def token(
    role: Annotated[
        list[str], typer.Option(help="A role; repeat for several, e.g. --role commissioner.")
    ],
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir", envvar="DPS_DATA_DIR", help="The data folder of the `dps run`."
        ),
    ] = Path("var"),
    organisation: Annotated[
        str, typer.Option(help="The caller's organisation (org claim).")
    ] = "staffordshire-cc",
    subject: Annotated[str, typer.Option(help="The caller's id (sub claim).")] = "local-user",
    approval_limit: Annotated[str | None, typer.Option(help="Pounds, for approvers.")] = None,
    hours: Annotated[float, typer.Option(help="Lifetime in hours.")] = 8,
) -> None:
    """Mint a local (HS256) bearer token, signed with the secret of a `dps run`."""
    from shared.actors import TOKEN_ROLES, Role
    from shared.http.tokens import mint_token

    known = sorted(r.value for r in TOKEN_ROLES)
    for name in role:
        if name not in known:
            raise typer.BadParameter(
                f"{name!r} is not a role; choose from {', '.join(known)}", param_hint="--role"
            )
    if not subject.strip():
        raise typer.BadParameter("give a non-blank id", param_hint="--subject")
    if not organisation.strip():
        raise typer.BadParameter("give a non-blank organisation", param_hint="--organisation")
    if not 0 < hours <= MAX_TOKEN_HOURS:
        raise typer.BadParameter(
            f"between 0 and {MAX_TOKEN_HOURS:g} (services refuse longer-lived tokens)",
            param_hint="--hours",
        )
    limit = None
    if approval_limit is not None:
        try:
            limit = Decimal(approval_limit)
        except InvalidOperation:
            limit = None
        if limit is None or not limit.is_finite() or limit < 0:
            raise typer.BadParameter("a sum in pounds, e.g. 250000", param_hint="--approval-limit")
    typer.echo(
        mint_token(
            read_local_secret(data_dir),
            subject=subject,
            organisation=organisation,
            roles=[Role(r) for r in role],
            approval_limit=limit,
            ttl=timedelta(hours=hours),
        )
    )


@app.command()
def migrate(service: ServiceArg, data_dir: DataDirOption = None, revision: str = "head") -> None:
    """Upgrade a service's store (it also happens at start-up)."""
    from shared.db import make_engine
    from shared.migrations import upgrade

    url = database_url(data_dir, service) if data_dir else settings_class(service)().database_url

    async def go() -> None:
        engine = make_engine(url)
        try:
            await upgrade(engine, service, revision)
        finally:
            await engine.dispose()

    asyncio.run(go())
    typer.echo(f"{service}: store at {revision}")


@outbox_app.command("republish")
def republish(
    service: ServiceArg,
    from_position: Annotated[
        int | None, typer.Option("--from", help="First outbox position.")
    ] = None,
    to_position: Annotated[int | None, typer.Option("--to", help="Last outbox position.")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Rows created since (ISO 8601, UTC).")
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Mark kept, sent events unsent again; the running relay re-publishes them in order.

    Harmless to consumers (their inboxes drop what they already applied). Use after a broker
    lost acknowledged messages.
    """
    if from_position is None and to_position is None and since is None:
        raise typer.BadParameter(
            "give --from/--to positions or --since, so the range is deliberate"
        )
    from shared.db import make_engine, make_session_factory
    from shared.messaging.relay import mark_for_republication

    url = _store_url(service, data_dir)
    store = importlib.import_module(f"services.{service}.store")

    async def go() -> int:
        engine = make_engine(url)
        try:
            return await mark_for_republication(
                make_session_factory(engine),
                store.outbox,
                from_position=from_position,
                to_position=to_position,
                since=since.astimezone() if since else None,
            )
        finally:
            await engine.dispose()

    typer.echo(f"{service}: {asyncio.run(go())} events marked for re-publication")


@outbox_app.command("status")
def status(service: ServiceArg, data_dir: DataDirOption = None) -> None:
    """How many events are waiting, sent and kept, and the oldest waiting one."""
    from sqlalchemy import func, select

    from shared.db import make_engine

    url = _store_url(service, data_dir)
    outbox = importlib.import_module(f"services.{service}.store").outbox

    async def go() -> tuple[int, int, object]:
        engine = make_engine(url)
        try:
            async with engine.connect() as connection:
                unsent = await connection.scalar(
                    select(func.count()).where(outbox.c.sent_at.is_(None))
                )
                kept = await connection.scalar(
                    select(func.count()).where(outbox.c.sent_at.is_not(None))
                )
                oldest = await connection.scalar(
                    select(func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
                )
                return int(unsent or 0), int(kept or 0), oldest
        finally:
            await engine.dispose()

    unsent, kept, oldest = asyncio.run(go())
    typer.echo(f"{service}: {unsent} waiting (oldest {oldest}), {kept} sent and kept")


def main(argv: Sequence[str] | None = None) -> int:
    """The ``dps`` command: bad input and expected failures end in one line and exit code."""
    try:
        result: Any = app(args=list(argv) if argv is not None else None, standalone_mode=False,
                          prog_name="dps")
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("dps: stopped", err=True)
        return 130
    except typer.TyperException as error:  # click's usage and parameter errors
        context = getattr(error, "ctx", None)
        where = context.command_path if context is not None else "dps"
        message = error.format_message()  # type: ignore[attr-defined]
        typer.echo(f"{where}: {message} (see `{where} --help`)", err=True)
        return int(getattr(error, "exit_code", 2))
    except (LocalRunError, SystemExit) as error:
        if isinstance(error, SystemExit) and not isinstance(error.code, str):
            return int(error.code or 0)
        typer.echo(f"dps: {error}", err=True)
        return 1
    except Exception as error:
        if os.environ.get("DPS_DEBUG"):
            raise
        message = " ".join(str(error).split()) or type(error).__name__
        typer.echo(f"dps: {type(error).__name__}: {message[:300]} (DPS_DEBUG=1 shows more)",
                   err=True)
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
