"""Bodies of the panel's routes, and scores as read."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from services.evaluation.api.models.fields import (
    Body,
    Code,
    Descriptor,
    LongText,
    Person,
    Points,
    Read,
)
from services.evaluation.domain import Declaration, Marking
from services.evaluation.domain import limits as n
from services.evaluation.domain.scale import ScalePoint
from services.evaluation.domain.views import ItemView


class ScalePointBody(Body):
    score: int = Field(ge=0, le=n.SCALE_MAX)
    descriptor: Descriptor = Field(examples=["Good: meets the requirement, with minor gaps."])


class ScaleBody(Body):
    points: list[ScalePointBody] = Field(
        min_length=2, max_length=n.SCALE_MAX + 1,
        description="Every whole point from 0 to the maximum (1 to 10), each described.",
    )

    def scale(self) -> list[ScalePoint]:
        return [ScalePoint(p.score, p.descriptor) for p in self.points]


class EvaluatorBody(Body):
    evaluator_id: Person = Field(description="The evaluator's user id (its token's subject).")
    criteria: list[Code] | None = Field(
        default=None, max_length=n.CRITERIA,
        description="Criterion codes to score; omitted: every criterion evaluators score.",
    )


class ModeratorBody(Body):
    moderator_id: Person = Field(description="The moderator's user id (its token's subject).")


class DeclarationBody(Body):
    provider_id: UUID
    conflict: bool = Field(description="True: a conflict of interest with this provider.")
    note: LongText = Field(default="", description="What the conflict is (required if one).")


class ConflictsBody(Body):
    declarations: list[DeclarationBody] = Field(min_length=1, max_length=n.RESPONSES)

    def declared(self) -> list[Declaration]:
        return [Declaration(d.provider_id, d.conflict, d.note) for d in self.declarations]


class MarkingBody(Body):
    response_id: UUID
    criterion_code: Code
    score: Points = Field(description="A whole point of the evaluation's scale.")
    rationale: LongText = Field(description="Why this score (required).")


class ScoresBody(Body):
    scores: list[MarkingBody] = Field(min_length=1, max_length=n.SCORES_PER_REQUEST)

    def markings(self) -> list[Marking]:
        return [Marking(m.response_id, m.criterion_code, m.score, m.rationale)
                for m in self.scores]


class ModerationBody(Body):
    consensus: list[MarkingBody] = Field(min_length=1, max_length=n.SCORES_PER_REQUEST)

    def markings(self) -> list[Marking]:
        return [Marking(m.response_id, m.criterion_code, m.score, m.rationale)
                for m in self.consensus]


class ClarificationBody(Body):
    accepted: bool = Field(description="True: the explanation is accepted and the response"
                           " stays in; false: it becomes non-compliant.")
    note: LongText = Field(description="What the provider explained, and why (required).")


class ScoreRead(Read):
    evaluator_id: str
    score: int
    rationale: str
    scored_at: datetime


class ConsensusRead(Read):
    score: int
    rationale: str
    moderated_by: str
    moderated_at: datetime


class ScoreItemRead(Read):
    """One criterion of one response: the scores the caller may see, the consensus."""

    response_id: UUID
    criterion_code: str
    evaluators: int = Field(description="Evaluators expected to score it.")
    ready: bool = Field(description="Every expected evaluator has scored it.")
    scores: list[ScoreRead]
    consensus: ConsensusRead | None
    final_score: int | None = Field(
        description="Agreed or moderated; null until then (and to an evaluator).")

    @classmethod
    def of(cls, view: ItemView) -> ScoreItemRead:
        item = view.item
        whole = len(view.scores) == len(item.scores)
        return cls(
            response_id=item.response_id, criterion_code=item.criterion_code,
            evaluators=len(item.expected), ready=item.ready,
            scores=[ScoreRead.model_validate(s) for s in view.scores],
            consensus=ConsensusRead.model_validate(view.consensus) if view.consensus else None,
            final_score=item.final if whole and (view.consensus or item.agreed) else None,
        )


class RecordedScoreRead(ScoreRead):
    response_id: UUID
    criterion_code: str


class ScoresRecordedRead(Read):
    """The caller's scores as recorded."""

    scores: list[RecordedScoreRead]


class RecordedConsensusRead(ConsensusRead):
    response_id: UUID
    criterion_code: str


class ConsensusRecordedRead(Read):
    """The consensus scores as recorded."""

    consensus: list[RecordedConsensusRead]
