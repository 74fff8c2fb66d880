from shared.settings import BaseServiceSettings


class CalloffSettings(BaseServiceSettings, service="calloff"):
    """Environment variables ``CALLOFF_*``."""
