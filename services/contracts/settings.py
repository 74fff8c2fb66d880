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
    ocid_prefix: str = Field(
        default="ocds-dpsdev", pattern=r"^ocds-[a-z0-9]{6}$",
        description="The council's OCID prefix (registered with the Open Contracting"
        " Partnership); fixed once publishing starts, since every OCID carries it.",
    )
    publisher_name: str = Field(
        default="care-dps", min_length=1, max_length=300,
        description="Who publishes the open data (the package's publisher.name).",
    )
    publisher_uri: str | None = Field(
        default=None, max_length=500, description="The publisher's web address, if any.",
    )
    open_data_license: str = Field(
        default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        max_length=500, description="The licence the open data is published under.",
    )
    public_base_url: str | None = Field(
        default=None, max_length=500,
        description="The service's public address for links in packages (e.g."
        " https://dps.example.gov.uk/contracts); default: the address a request came to.",
    )
