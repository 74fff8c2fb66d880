"""Settings every service shares. Each service subclasses with its own env prefix.

Built inside ``create_app()`` (never at import), so tests and the local runner can pass
their own values.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.http.auth import AuthConfig

LOCAL_JWT_SECRET = "care-dps-local-development-secret-do-not-use-in-production"


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
    nats_url: str = "nats://127.0.0.1:4222"
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

    # Authentication
    auth_mode: Literal["local", "production"] = "local"
    jwt_secret: str | None = LOCAL_JWT_SECRET
    jwt_public_key: str | None = None
    jwt_issuer: str = "care-dps"
    jwt_audience: str = "care-dps"

    @model_validator(mode="after")
    def _production_has_a_key(self) -> BaseServiceSettings:
        if self.auth_mode == "production" and not self.jwt_public_key:
            raise ValueError("auth_mode=production needs jwt_public_key (an RS256 public key PEM)")
        return self

    def auth_config(self) -> AuthConfig:
        return AuthConfig(
            mode=self.auth_mode,
            secret=self.jwt_secret if self.auth_mode == "local" else None,
            public_key=self.jwt_public_key,
            issuer=self.jwt_issuer,
            audience=self.jwt_audience,
        )

    @property
    def source(self) -> str:
        """The CloudEvents ``source`` of everything this service publishes."""
        return f"/care-dps/{self.service_name}"

