"""Stored answers: an aggregate's answer, rendered when it changes, read by key.

The answer to a hot read (a DPS with everything in it) costs more to build on each request
than to keep: loading the aggregate's rows, restoring the domain objects, validating them
into the response model and serialising it. So a service may keep the answer, rendered, in a
table of its own (``DocumentSpec``): the unit of work renders, at every commit, each
aggregate of that kind that entered its session (changed or not: a change to a child row
leaves the parent's columns as they were), in the same transaction. The stored answer is
therefore never behind the aggregate, and the read is one keyed SELECT on a kept connection
(``shared.reads``), as a bare route's would be.

The renderer belongs to the HTTP layer (it is the response model); the service's
composition root hands it to the kit (``Service(documents=...)``), so the store never
imports the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table


@dataclass(frozen=True)
class DocumentSpec:
    """Keep ``aggregate``'s rendered answer in ``table`` (its key column named ``key``)."""

    aggregate: type
    table: Table
    #: The aggregate -> the row's other columns: at least ``body`` (the answer's JSON text).
    render: Callable[[Any], dict[str, Any]]
    key: str = "id"
