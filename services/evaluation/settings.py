from shared.settings import BaseServiceSettings


class EvaluationSettings(BaseServiceSettings, service="evaluation"):
    """Environment variables ``EVALUATION_*``."""
