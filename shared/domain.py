"""What every aggregate root shares: it records the integration events it causes.

The unit of work collects them when it commits and writes one outbox row per event in the
same transaction as the aggregate's rows (see ``shared.uow``). Events are kept in
``__dict__`` rather than set in ``__init__`` so that objects the ORM loads without calling
``__init__`` can record events too.
"""

from __future__ import annotations

import itertools

from shared.events.base import Event

# A process-wide sequence keeps the order in which events were raised across aggregates
# changed in the same unit of work.
_sequence = itertools.count()


class AggregateRoot:
    def record(self, event: Event) -> None:
        self.__dict__.setdefault("_pending_events", []).append((next(_sequence), event))

    def pull_events(self) -> list[tuple[int, Event]]:
        return self.__dict__.pop("_pending_events", [])

    @property
    def pending_events(self) -> list[Event]:
        return [event for _, event in self.__dict__.get("_pending_events", [])]
