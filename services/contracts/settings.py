from pydantic_settings import SettingsConfigDict

from shared.settings import BaseServiceSettings


class ContractsSettings(BaseServiceSettings):
    """Environment variables ``CONTRACTS_*``."""

    model_config = SettingsConfigDict(env_prefix="CONTRACTS_", extra="ignore")

    service_name: str = "contracts"
    database_url: str = "sqlite+aiosqlite:///./var/data/contracts.db"
