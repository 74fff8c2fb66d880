from pydantic_settings import SettingsConfigDict

from shared.settings import BaseServiceSettings


class EvaluationSettings(BaseServiceSettings):
    """Environment variables ``EVALUATION_*``."""

    model_config = SettingsConfigDict(env_prefix="EVALUATION_", extra="ignore")

    service_name: str = "evaluation"
    database_url: str = "sqlite+aiosqlite:///./var/data/evaluation.db"
