"""The HTTP client of the four services: replicas, a lost connection retried, problems raised.

A request goes to one replica of its service (they take turns); if the connection is
refused or lost, or the service answers 502/503/504 (or 409 ``concurrent_change``: two
changes met and nothing was changed), it is tried again on the next replica after a short
pause, until ``patience`` runs out. A request that may have reached a service
that then died (the answer lost) is retried too: every step built on this client first
looks at the state and acts only when the act is still needed (see ``lifecycle``), so a
repeated request is either harmless or refused with a 409 the step understands.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import httpx

from shared.clock import FileClock, move_clock
from shared.http.tokens import mint_token

T = TypeVar("T")

#: Answers that say "try again" (a replica restarting, a service not ready yet).
_RETRY_STATUSES = frozenset({502, 503, 504})
_LOST = (httpx.TransportError,)
#: A 409 that changed nothing and is worth trying again as it is.
_CONCURRENT = "concurrent_change"


class ApiError(Exception):
    """A service refused a request: its status and problem document."""

    def __init__(self, method: str, url: str, status: int, problem: Any) -> None:
        self.status = status
        self.problem = problem if isinstance(problem, dict) else {"detail": str(problem)}
        self.code = str(self.problem.get("type", "")).rsplit(":", 1)[-1]
        detail = self.problem.get("detail") or self.problem.get("title") or ""
        super().__init__(f"{method} {url}: {status} {self.code}: {detail}")


@dataclass
class Caller:
    """Who is calling: the bearer token's headers."""

    role: str
    organisation: str
    subject: str
    headers: dict[str, str]


@dataclass
class CareDps:
    """A running care-dps: each service's replicas, the run's secret and its shared clock."""

    urls: Mapping[str, Sequence[str]]
    secret: str
    clock_file: Path | None = None
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=60))
    patience: float = 180.0
    _turns: dict[str, itertools.cycle[str]] = field(default_factory=dict)
    _callers: dict[tuple[str, str, str, str], Caller] = field(default_factory=dict)

    @classmethod
    def local(cls, data_dir: Path, base_port: int = 8001, host: str = "127.0.0.1") -> CareDps:
        """The system ``dps run --data-dir data_dir --base-port base_port`` started."""
        from shared.localrun import CLOCK_FILE, SERVICES, read_local_secret

        return cls(
            urls={s: [f"http://{host}:{base_port + n}"] for n, s in enumerate(SERVICES)},
            secret=read_local_secret(data_dir),
            clock_file=data_dir / CLOCK_FILE,
        )

    async def close(self) -> None:
        await self.http.aclose()

    # --- who -------------------------------------------------------------------------------

    def caller(
        self, role: str, organisation: str, subject: str = "", approval_limit: str | None = None
    ) -> Caller:
        """A person of ``organisation`` acting as ``role`` (a token minted with the run's
        secret, as the council's gateway would issue one)."""
        subject = subject or f"{role}-{organisation}"
        key = (role, organisation, subject, approval_limit or "")
        if key not in self._callers:
            token = mint_token(
                self.secret, subject=subject, organisation=organisation, roles=[role],
                approval_limit=Decimal(approval_limit) if approval_limit else None,
            )
            self._callers[key] = Caller(role, organisation, subject,
                                        {"Authorization": f"Bearer {token}"})
        return self._callers[key]

    # --- time ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """What time the services think it is (the run's shared clock)."""
        return FileClock(self.clock_file).now() if self.clock_file else datetime.now(UTC)

    def advance(self, by: timedelta) -> None:
        """Move the run's shared clock (local mode only)."""
        if self.clock_file is None:
            raise RuntimeError("this system has no shared clock to move")
        move_clock(self.clock_file, by=by)

    def advance_past(self, moment: datetime | str) -> None:
        """Move the shared clock just past ``moment`` (a deadline, a standstill's end)."""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        gap = moment - self.now()
        if gap > timedelta(0):
            self.advance(gap + timedelta(minutes=1))

    # --- requests --------------------------------------------------------------------------

    def _next_url(self, service: str) -> str:
        if service not in self._turns:
            self._turns[service] = itertools.cycle(self.urls[service])
        return next(self._turns[service])

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        who: Caller,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        content: str | bytes | None = None,
        content_type: str | None = None,
    ) -> Any:
        """The answer's JSON (None for 204), or ``ApiError`` for a 4xx (or a 5xx that lasts)."""
        headers = dict(who.headers)
        if content_type:
            headers["Content-Type"] = content_type
        deadline = time.monotonic() + self.patience
        pause = 0.05
        while True:
            base = self._next_url(service)
            try:
                answer = await self.http.request(
                    method, base + path, headers=headers, json=json, params=params,
                    content=content,
                )
            except _LOST:
                answer = None
            if answer is not None and answer.status_code not in _RETRY_STATUSES:
                if answer.status_code < 400:
                    return None if answer.status_code == 204 else answer.json()
                try:
                    problem = answer.json()
                except ValueError:
                    problem = answer.text
                refused = ApiError(method, path, answer.status_code, problem)
                # Two changes met (a ticker, an event, another replica): nothing was changed,
                # and the service says to read again and retry, which the request itself does.
                if refused.code != _CONCURRENT or time.monotonic() > deadline:
                    raise refused
            if time.monotonic() > deadline:
                status = answer.status_code if answer is not None else "no answer"
                raise TimeoutError(f"{method} {service}{path}: {status} for {self.patience:.0f}s")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    async def get(self, service: str, path: str, who: Caller, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return await self.call(service, "GET", path, who, params=clean or None)

    async def all_pages(self, service: str, path: str, who: Caller, **params: Any) -> list[Any]:
        """Every item of a paginated list."""
        items: list[Any] = []
        cursor = None
        while True:
            page = await self.get(service, path, who, limit=200, cursor=cursor, **params)
            items.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    async def eventually(
        self, probe: Callable[[], Awaitable[T | None]], what: str, timeout: float | None = None
    ) -> T:
        """Ask until ``probe`` gives an answer: what one service learns from another arrives
        a moment later, by event."""
        deadline = time.monotonic() + (timeout or self.patience)
        pause = 0.05
        while True:
            found = await probe()
            if found:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout or self.patience:.0f}s for {what}")
            await asyncio.sleep(pause)
            pause = min(pause * 1.5, 0.5)
