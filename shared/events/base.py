"""The base of every integration event that crosses a service boundary.

An event is a past-tense fact owned by the service that publishes it. Its NATS subject is
``dps.<producer>.<event>.v<major>``; a breaking change is a new major subject, never an edit
of a published one. Consumers ignore fields they do not know, so adding an optional field is
not breaking.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, computed_field

_BY_SUBJECT: dict[str, type[Event]] = {}

#: The largest event body the unit of work commits: half of NATS's default 1 MiB payload
#: limit, leaving room for headers. Event fields are bounded so real events stay far below.
MAX_EVENT_BYTES = 512 * 1024


class EventTooLarge(ValueError):
    """An event's body is over ``MAX_EVENT_BYTES``: it could never be published."""


class Event(BaseModel):
    """Base class: ``id``, ``occurred_at``, ``schema_version`` and the ``subject``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    #: ``dps.<producer>.<event>.v<major>``; set on every concrete event class.
    subject_name: ClassVar[str] = ""
    #: the minor version of this subject's schema (additive changes bump it).
    version: ClassVar[int] = 1

    id: UUID = Field(default_factory=uuid4, description="Unique event id; also Nats-Msg-Id.")
    occurred_at: AwareDatetime = Field(description="When the fact happened (UTC).")
    schema_version: int = Field(default=1, description="Minor version within the subject.")
    # Set by the producer's unit of work, never by the code that raises the event.
    aggregate_type: str = Field(
        default="", max_length=60, description="The kind of aggregate the fact is about."
    )
    aggregate_id: UUID | None = Field(default=None, description="The aggregate's id.")
    aggregate_version: int = Field(
        default=0,
        ge=0,
        description=(
            "Rises by one with each event of the aggregate (1, 2, 3 ...). Consumers apply an"
            " aggregate's events in this order: the next one applies, an older one is a"
            " duplicate, a later one waits until the gap fills."
        ),
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def subject(self) -> str:
        return self.subject_name

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        subject = cls.__dict__.get("subject_name")
        if subject:
            if subject in _BY_SUBJECT and _BY_SUBJECT[subject] is not cls:
                raise TypeError(f"two event classes claim subject {subject!r}")
            _BY_SUBJECT[subject] = cls

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls.__dict__.get("subject_name"):
            cls.model_fields["schema_version"].default = cls.version

    @property
    def producer(self) -> str:
        return self.subject_name.split(".")[1]

    @property
    def aggregate_key(self) -> tuple[str, UUID | None]:
        return (self.aggregate_type, self.aggregate_id)


def event_class(subject: str) -> type[Event]:
    """The event class published on ``subject`` (KeyError if none is known)."""
    return _BY_SUBJECT[subject]


def all_event_classes() -> dict[str, type[Event]]:
    return dict(_BY_SUBJECT)

