from pydantic import Field

from services.contracts.domain import limits as n
from shared.settings import BaseServiceSettings


class ContractsSettings(BaseServiceSettings, service="contracts"):
    """Environment variables ``CONTRACTS_*``."""

    offer_window_working_days: int = Field(
        default=5, ge=1, le=n.OFFER_WINDOW_MAX,
        description="Working days a provider has to accept or decline an offer.",
    )
    ticker_batch_size: int = Field(
        default=200, ge=1, description="Due rows one ticker pass handles per kind of deadline."
    )
