"""Event schemas: one module per producing service; each class is the contract of a subject."""

from shared.events import registry  # noqa: F401  (registers the registry's subjects)
from shared.events.base import Event, all_event_classes, event_class

__all__ = ["Event", "all_event_classes", "event_class"]
