"""The evaluation panel's records: assignments, conflict declarations, scores, consensus.

An *item* is one criterion of one compliant response. The evaluators *expected* on an item
are those assigned to its criterion who have not declared a conflict with its provider. An
item is *ready* for moderation once every expected evaluator has scored it; it is *settled*
when they all gave the same score, or when the moderator recorded a consensus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

ItemKey = tuple[UUID, str]  # (response id, criterion code)


@dataclass(frozen=True, slots=True)
class Declaration:
    """What a panel member declares about one responding provider."""

    provider_id: UUID
    conflicted: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Marking:
    """One score (or consensus score) on one criterion of one response, with its rationale."""

    response_id: UUID
    criterion_code: str
    score: int
    rationale: str


@dataclass(eq=False)
class EvaluatorAssignment:
    evaluator_id: str
    criteria: list[str]
    assigned_at: datetime
    assigned_by: str
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class ConflictDeclaration:
    """A panel member's declaration about one responding provider, made before reading any
    response: ``conflicted`` keeps them away from that provider's response."""

    person_id: str
    provider_id: UUID
    conflicted: bool
    note: str
    declared_at: datetime
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Score:
    response_id: UUID
    criterion_code: str
    evaluator_id: str
    score: int
    rationale: str
    scored_at: datetime
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Consensus:
    """The moderator's consensus score on an item, with the rationale for it."""

    response_id: UUID
    criterion_code: str
    score: int
    rationale: str
    moderated_by: str
    moderated_at: datetime
    id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True, slots=True)
class Item:
    """One item's state, as computed from the records."""

    response_id: UUID
    criterion_code: str
    expected: tuple[str, ...]
    scores: tuple[Score, ...]
    consensus: Consensus | None
    #: Every expected evaluator has scored it (and at least one is expected).
    ready: bool
    #: Ready, and every score is the same.
    agreed: bool

    @classmethod
    def of(
        cls, response_id: UUID, criterion_code: str, expected: tuple[str, ...],
        scores: tuple[Score, ...], consensus: Consensus | None,
    ) -> Item:
        scored = {s.evaluator_id for s in scores}
        ready = bool(expected) and all(e in scored for e in expected)
        agreed = ready and len({s.score for s in scores}) == 1
        return cls(response_id, criterion_code, expected, scores, consensus, ready, agreed)

    @property
    def key(self) -> ItemKey:
        return (self.response_id, self.criterion_code)

    @property
    def final(self) -> int | None:
        if self.consensus is not None:
            return self.consensus.score
        if self.agreed:
            return self.scores[0].score
        return None

    @property
    def needs_moderation(self) -> bool:
        return self.ready and not self.agreed and self.consensus is None
