"""The evaluation service's use cases. Today it only follows the registry's DPS events
(``shared.dpsview.handlers``, subscribed in ``subscribers.py``)."""
