from pydantic_settings import SettingsConfigDict

from shared.settings import BaseServiceSettings


class CalloffSettings(BaseServiceSettings):
    """Environment variables ``CALLOFF_*``."""

    model_config = SettingsConfigDict(env_prefix="CALLOFF_", extra="ignore")

    service_name: str = "calloff"
    database_url: str = "sqlite+aiosqlite:///./var/data/calloff.db"
