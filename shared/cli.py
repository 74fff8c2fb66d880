"""``dps``: run the system locally, mint tokens, migrate stores, re-publish outbox ranges."""

from __future__ import annotations

import asyncio
import importlib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from shared.localrun import SERVICES, LocalPlan, run_local, settings_class
from shared.messaging.cli import dlq_app
from shared.settings import BaseServiceSettings

app = typer.Typer(
    help="care-dps: a Dynamic Purchasing System for adult social care.", no_args_is_help=True
)
outbox_app = typer.Typer(help="Inspect and re-publish a service's outbox.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")
app.add_typer(dlq_app, name="dlq")

ServiceArg = Annotated[str, typer.Argument(help=f"One of: {', '.join(SERVICES)}")]


def _settings(service: str) -> BaseServiceSettings:
    try:
        return settings_class(service)()
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


@app.command()
def run(
    data_dir: Annotated[
        Path, typer.Option(help="Where the stores, JetStream and logs live.")
    ] = Path("var"),
    nats_port: Annotated[int, typer.Option(help="Port of the embedded nats-server.")] = 4250,
    base_port: Annotated[
        int, typer.Option(help="registry, calloff, evaluation, contracts from here.")
    ] = 8001,
) -> None:
    """Start the whole system locally: embedded nats-server and the four services."""
    raise typer.Exit(
        run_local(
            LocalPlan(data_dir=data_dir, nats_port=nats_port, base_port=base_port), echo=typer.echo
        )
    )


@app.command()
def token(
    role: Annotated[list[str], typer.Option(help="A role; repeat for several.")],
    organisation: Annotated[
        str, typer.Option(help="The caller's organisation.")
    ] = "staffordshire-cc",
    subject: Annotated[str, typer.Option(help="The caller's id.")] = "local-user",
    approval_limit: Annotated[str | None, typer.Option(help="Pounds, for approvers.")] = None,
    hours: Annotated[int, typer.Option(help="Lifetime in hours.")] = 8,
) -> None:
    """Mint a local (HS256) bearer token for any role, for trying the API locally."""
    from shared.http.tokens import mint_token
    from shared.settings import LOCAL_JWT_SECRET

    typer.echo(
        mint_token(
            LOCAL_JWT_SECRET,
            subject=subject,
            organisation=organisation,
            roles=role,
            approval_limit=Decimal(approval_limit) if approval_limit else None,
            ttl=timedelta(hours=hours),
        )
    )


@app.command()
def migrate(service: ServiceArg, revision: str = "head") -> None:
    """Upgrade a service's store (it also happens at start-up)."""
    from shared.db import make_engine
    from shared.migrations import upgrade

    settings = _settings(service)

    async def go() -> None:
        engine = make_engine(settings.database_url)
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

    settings = _settings(service)
    store = importlib.import_module(f"services.{service}.store")

    async def go() -> int:
        engine = make_engine(settings.database_url)
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
def status(service: ServiceArg) -> None:
    """How many events are waiting, sent and kept, and the oldest waiting one."""
    from sqlalchemy import func, select

    from shared.db import make_engine

    settings = _settings(service)
    outbox = importlib.import_module(f"services.{service}.store").outbox

    async def go() -> tuple[int, int, object]:
        engine = make_engine(settings.database_url)
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


if __name__ == "__main__":
    app()
