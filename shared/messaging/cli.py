"""``dps dlq``: list, inspect and replay a service's dead letters (after the fix is deployed).

A replay publishes the letter again for that service's consumer only, with a new message
id, and removes it from the dead letters; the consumer's positions make a replay of
something already applied harmless, and an event replayed into a gap waits parked.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import nats
import typer
from nats.js.client import JetStreamContext

from shared.messaging import dead_letters

T = TypeVar("T")

dlq_app = typer.Typer(
    help="List, inspect and replay a service's dead letters (dps.dlq.<service>).",
    no_args_is_help=True,
)

ServiceArg = Annotated[str, typer.Argument(help="The consuming service: registry, calloff ...")]
NatsOption = Annotated[
    str | None,
    typer.Option("--nats-url", help="Default: the service's <SERVICE>_NATS_URL setting."),
]


def _nats_url(service: str, given: str | None) -> str:
    if given:
        return given
    from shared.localrun import settings_class

    try:
        return settings_class(service)().nats_url
    except ValueError:
        return "nats://127.0.0.1:4222"


def _run(url: str, work: Callable[[JetStreamContext], Awaitable[T]]) -> T:
    async def go() -> T:
        try:
            servers = [u.strip() for u in url.split(",") if u.strip()]
            client = await nats.connect(servers, connect_timeout=3, max_reconnect_attempts=0)
        except Exception as error:
            raise typer.BadParameter(f"cannot reach NATS at {url}: {error}") from error
        try:
            return await work(client.jetstream())
        finally:
            await client.close()

    return asyncio.run(go())


@dlq_app.command("list")
def list_letters(service: ServiceArg, nats_url: NatsOption = None) -> None:
    """One line per dead letter: sequence, event type, event id, reason."""
    letters = _run(
        _nats_url(service, nats_url), lambda js: dead_letters.list_dead_letters(js, service)
    )
    if not letters:
        typer.echo(f"{service}: no dead letters")
        return
    for letter in letters:
        typer.echo(
            f"{letter.sequence}\t{letter.subject}\t{letter.event_id}\t{letter.reason[:160]}"
        )
    typer.echo(f"{service}: {len(letters)} dead letters")


@dlq_app.command("show")
def show_letter(
    service: ServiceArg,
    sequence: Annotated[int, typer.Argument(help="The letter's sequence, from `dps dlq list`.")],
    nats_url: NatsOption = None,
) -> None:
    """The whole letter: reason, headers and the event as JSON."""
    letter = _run(
        _nats_url(service, nats_url),
        lambda js: dead_letters.get_dead_letter(js, service, sequence),
    )
    if letter is None:
        raise typer.BadParameter(f"no dead letter {sequence} for {service}")
    typer.echo(f"sequence: {letter.sequence}\nsubject:  {letter.subject}")
    typer.echo(f"consumer: {letter.consumer}\nreason:   {letter.reason}")
    for name, value in sorted(letter.headers.items()):
        typer.echo(f"header {name}: {value}")
    try:
        typer.echo(json.dumps(json.loads(letter.data), indent=2))
    except ValueError:
        typer.echo(letter.data.decode(errors="replace"))


@dlq_app.command("replay")
def replay(
    service: ServiceArg,
    sequence: Annotated[
        int | None, typer.Option("--seq", help="Replay this one letter.")
    ] = None,
    first: Annotated[int | None, typer.Option("--from", help="First sequence of a range.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Last sequence of a range.")] = None,
    nats_url: NatsOption = None,
) -> None:
    """Publish letters again for the service's consumer, then remove them from the letters."""
    if sequence is None and first is None and last is None:
        raise typer.BadParameter("give --seq N, or --from N and/or --to M (a deliberate range)")
    low = sequence if sequence is not None else (first or 0)
    high = sequence if sequence is not None else (last if last is not None else 2**63)

    async def go(js: JetStreamContext) -> int:
        chosen = [
            letter
            for letter in await dead_letters.list_dead_letters(js, service)
            if low <= letter.sequence <= high
        ]
        for letter in chosen:
            await dead_letters.replay_dead_letter(js, service, letter)
        return len(chosen)

    count = _run(_nats_url(service, nats_url), go)
    typer.echo(f"{service}: {count} dead letters replayed")
