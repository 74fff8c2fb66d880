"""Settings every service shares. Each service subclasses with its own env prefix.

Built inside ``create_app()`` (never at import), so tests and the local runner can pass
their own values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.clock import Clock, FileClock, SystemClock
from shared.http.auth import AuthConfig


class MisconfiguredService(SystemExit):
    """A setting the service cannot start without is missing or unsafe.

    A ``SystemExit``: uncaught (uvicorn building the app), the process stops with exactly this
    one line, saying what to set, instead of a traceback.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BaseServiceSettings(BaseSettings):
    """``<PREFIX>DATABASE_URL``, ``<PREFIX>NATS_URL`` ... with the service's own prefix.

    A service declares itself by name, and its prefix and default store follow from it::

        class CalloffSettings(BaseServiceSettings, service="calloff"):
            ...  # CALLOFF_* variables; default store var/data/calloff.db
    """

    model_config = SettingsConfigDict(extra="ignore", env_prefix="DPS_")

    def __init_subclass__(cls, service: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if service:
            cls.model_config = {**cls.model_config, "env_prefix": f"{service.upper()}_"}

    @classmethod
    def __pydantic_init_subclass__(cls, service: str | None = None, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if service:
            cls.model_fields["service_name"].default = service
            cls.model_fields["database_url"].default = (
                f"sqlite+aiosqlite:///./var/data/{service}.db"
            )
            cls.model_rebuild(force=True)

    service_name: str = "service"
    database_url: str = Field(
        default="sqlite+aiosqlite:///./var/service.db",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222",
        description="One server, or a cluster's servers separated by commas"
        " (nats://a:4222,nats://b:4222,nats://c:4222): the client fails over between them.",
    )
    database_pool_size: int = Field(
        default=10, ge=1, le=200,
        description="Connections each process keeps (PostgreSQL). Size it so replicas x"
        " (pool size + max overflow + 4 kept reads) stays under the server's max_connections.",
    )
    database_max_overflow: int = Field(
        default=10, ge=0, le=200, description="Connections beyond the pool under a burst."
    )
    stream_name: str = "DPS"
    connect_nats: bool = Field(default=True, description="False: HTTP only, no broker.")
    run_migrations: bool = Field(default=True, description="Upgrade the store at start-up.")

    # Outbox relay
    relay_batch_size: int = Field(default=200, ge=1, le=10_000)
    relay_poll_seconds: float = Field(default=1.0, gt=0)
    relay_max_backoff_seconds: float = Field(default=10.0, gt=0)
    publish_timeout_seconds: float = Field(default=5.0, gt=0)
    relay_max_refusals: int = Field(
        default=5, ge=1, description="Times JetStream may refuse a row before it is set aside."
    )
    outbox_retention_days: int = Field(
        default=30, ge=0, description="Sent rows are kept this long so a range can be re-published."
    )

    # Consumers
    consumer_ack_wait_seconds: float = Field(default=30.0, gt=0)
    consumer_max_deliver: int = Field(default=5, ge=1)
    consumer_retry_delay_seconds: float = Field(default=1.0, ge=0)
    consumer_batch_size: int = Field(default=256, ge=1, le=1000)
    consumer_gap_report_seconds: float = Field(
        default=300.0, gt=0, description="A gap older than this is reported (dead letter)."
    )
    consumer_sweep_seconds: float = Field(default=10.0, gt=0)
    consumer_inbox_retention_hours: float = Field(
        default=48.0, gt=24, description="Longer than JetStream's 24-hour duplicate window."
    )

    # Time-based work (deadlines)
    ticker_seconds: float = Field(default=30.0, gt=0)

    # Authentication. No secret is written in the source: ``dps run`` makes a random one per
    # data folder (``var/local-jwt-secret``) and hands it to the services it starts.
    auth_mode: Literal["local", "production"] = "local"
    jwt_secret: str | None = Field(
        default=None, repr=False, description="local mode: the HS256 secret (32+ characters)."
    )
    jwt_public_key: str | None = None
    jwt_issuer: str = "care-dps"
    jwt_audience: str = "care-dps"
    token_max_lifetime_hours: float = Field(
        default=12.0, gt=0, le=24 * 7, description="Tokens living longer (exp - iat) are refused."
    )
    allow_local_auth_off_loopback: bool = Field(
        default=False,
        description=(
            "local mode answers only requests that reach it on a loopback address; true lets"
            " anyone who can reach it present a locally minted token."
        ),
    )

    # Time. Local mode only: the clock file of a `dps run`, shared by its four processes.
    clock_file: Path | None = Field(
        default=None,
        description="local mode only: a file holding an offset from the wall clock, shared"
        " by the services of one `dps run` (`dps clock advance`) so time can be moved.",
    )

    # HTTP
    max_request_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Larger request bodies are refused with 413."
    )

    @model_validator(mode="after")
    def _production_has_a_key(self) -> BaseServiceSettings:
        if self.auth_mode == "production" and not self.jwt_public_key:
            raise ValueError("auth_mode=production needs jwt_public_key (an RS256 public key PEM)")
        return self

    @model_validator(mode="after")
    def _moved_time_only_locally(self) -> BaseServiceSettings:
        if self.clock_file is not None and self.auth_mode != "local":
            raise ValueError(
                "clock_file moves time for tests and demos; production always uses the"
                " system clock (unset it, or use auth_mode=local)"
            )
        return self

    def clock(self) -> Clock:
        """The system clock; in local mode with a clock file, the run's shared clock."""
        return FileClock(self.clock_file) if self.clock_file is not None else SystemClock()

    @property
    def nats_servers(self) -> list[str]:
        return [url.strip() for url in self.nats_url.split(",") if url.strip()]

    @property
    def env_prefix(self) -> str:
        return str(self.model_config.get("env_prefix", ""))

    def auth_config(self) -> AuthConfig:
        """How tokens are verified; ``MisconfiguredService`` names what is missing."""
        if self.auth_mode == "local" and not self.jwt_secret:
            raise MisconfiguredService(
                f"{self.service_name}: no {self.env_prefix}JWT_SECRET is set. Start everything"
                " with `dps run` (it makes a secret per data folder), or set"
                f" {self.env_prefix}JWT_SECRET (32+ random characters), or use"
                f" {self.env_prefix}AUTH_MODE=production with {self.env_prefix}JWT_PUBLIC_KEY."
            )
        try:
            return AuthConfig(
                mode=self.auth_mode,
                secret=self.jwt_secret if self.auth_mode == "local" else None,
                public_key=self.jwt_public_key,
                issuer=self.jwt_issuer,
                audience=self.jwt_audience,
                max_lifetime_seconds=int(self.token_max_lifetime_hours * 3600),
                loopback_only=self.auth_mode == "local" and not self.allow_local_auth_off_loopback,
            )
        except ValueError as error:
            raise MisconfiguredService(f"{self.service_name}: {error}") from None

    @property
    def source(self) -> str:
        """The CloudEvents ``source`` of everything this service publishes."""
        return f"/care-dps/{self.service_name}"

