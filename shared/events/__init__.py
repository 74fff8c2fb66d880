"""Event schemas: one module per producing service; each class is the contract of a subject."""

# Importing a producer's module registers its subjects.
from shared.events import calloff, contracts, evaluation, registry  # noqa: F401
from shared.events.base import Event, all_event_classes, event_class

__all__ = ["Event", "all_event_classes", "event_class"]
