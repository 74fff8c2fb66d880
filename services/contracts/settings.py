from shared.settings import BaseServiceSettings


class ContractsSettings(BaseServiceSettings, service="contracts"):
    """Environment variables ``CONTRACTS_*``."""
