from pydantic import Field

from shared.settings import BaseServiceSettings


class RegistrySettings(BaseServiceSettings, service="registry"):
    """Environment variables ``REGISTRY_*``."""

    ticker_batch_size: int = Field(
        default=200, ge=1, description="Due rows one ticker pass handles per kind of deadline."
    )
