from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import BaseServiceSettings


class RegistrySettings(BaseServiceSettings):
    """Environment variables ``REGISTRY_*``."""

    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore")

    service_name: str = "registry"
    database_url: str = "sqlite+aiosqlite:///./var/data/registry.db"
    ticker_batch_size: int = Field(
        default=200, ge=1, description="Due rows one ticker pass handles per kind of deadline."
    )
