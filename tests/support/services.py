"""Run a real service app in-process (its lifespan: migrations, broker, relay, consumers)."""

from __future__ import annotations

import base64
import importlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from shared.clock import Clock
from shared.http.tokens import mint_token
from shared.localrun import settings_class

#: The HS256 secret of this test run: random, never written anywhere. Every service the
#: tests start is given it in its settings, and ``bearer`` signs with it.
TEST_JWT_SECRET = secrets.token_urlsafe(32)
#: The Fernet key that encrypts people's identities in the call-off service's test stores
#: (other services ignore the setting).
TEST_PERSON_KEY = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()

FAST = {
    "relay_poll_seconds": 0.2,
    "relay_max_backoff_seconds": 0.5,
    "publish_timeout_seconds": 1.0,
    "consumer_ack_wait_seconds": 3.0,
    "consumer_retry_delay_seconds": 0.05,
    "ticker_seconds": 3600,
}


def settings_for(service: str, database_url: str, nats_url: str, **overrides: Any) -> Any:
    return settings_class(service)(
        database_url=database_url,
        nats_url=nats_url,
        **{**FAST, "jwt_secret": TEST_JWT_SECRET, "person_keys": TEST_PERSON_KEY, **overrides},
    )


@asynccontextmanager
async def running_service(
    service: str, database_url: str, nats_url: str, clock: Clock | None = None, **overrides: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    main = importlib.import_module(f"services.{service}.main")
    app: FastAPI = main.create_app(
        settings_for(service, database_url, nats_url, **overrides), clock=clock
    )
    async with app.router.lifespan_context(app):
        # A loopback address: local (HS256) tokens are accepted only there.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield app, client


def bearer(
    *roles: str, organisation: str = "staffordshire-cc", subject: str = "officer-1", **claims: Any
) -> dict[str, str]:
    token = mint_token(
        TEST_JWT_SECRET, subject=subject, organisation=organisation, roles=roles, **claims
    )
    return {"Authorization": f"Bearer {token}"}
