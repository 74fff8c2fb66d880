"""What every aggregate root shares: it records the integration events it causes.

``record`` stamps each event with the aggregate's type and id; the unit of work gives it
the aggregate's next version when it commits, and writes one outbox row per event in the
same transaction as the aggregate's rows (see ``shared.uow``). Consumers apply one
aggregate's events in version order. Events are kept in ``__dict__`` rather than set in
``__init__`` so that objects the ORM loads without calling ``__init__`` can record too.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, ClassVar
from uuid import UUID

from shared.events.base import Event

# A process-wide sequence keeps the order in which events were raised across aggregates
# changed in the same unit of work.
_sequence = itertools.count()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class AggregateRoot:
    #: How consumers name this kind of aggregate ("dps", "membership" ...); default: the
    #: class name in snake case. Never change it once events are published.
    aggregate_type: ClassVar[str] = ""
    id: UUID

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("aggregate_type"):
            cls.aggregate_type = _snake(cls.__name__)

    def record(self, event: Event) -> None:
        stamped = event
        # An event raised already naming this aggregate needs no copy (a call-off raises
        # one per invitee: ten thousand copies are a measurable part of its commit).
        if event.aggregate_type != self.aggregate_type or event.aggregate_id != self.id:
            stamped = event.model_copy(
                update={"aggregate_type": self.aggregate_type, "aggregate_id": self.id}
            )
        self.__dict__.setdefault("_pending_events", []).append((next(_sequence), stamped))

    def pull_events(self) -> list[tuple[int, Event]]:
        return self.__dict__.pop("_pending_events", [])

    @property
    def pending_events(self) -> list[Event]:
        return [event for _, event in self.__dict__.get("_pending_events", [])]
