"""The scale evaluators score on: whole points from 0 to a maximum, each with a descriptor.

Every evaluation declares its scale before anyone scores, so each evaluator reads the same
meaning into a "3". The default is the 0-5 scale most councils use; a commissioner may set
another (0 to 1 at least, 0 to 10 at most) until the first score is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.evaluation.domain import limits as n
from services.evaluation.domain.errors import InvalidScale, ScoreOutOfRange


@dataclass(frozen=True, slots=True)
class ScalePoint:
    score: int
    descriptor: str


DEFAULT_SCALE: tuple[ScalePoint, ...] = (
    ScalePoint(0, "Unacceptable: no answer, or the answer does not address the requirement."),
    ScalePoint(1, "Poor: addresses the requirement in part, with serious gaps or concerns."),
    ScalePoint(2, "Fair: addresses most of the requirement, with some gaps or concerns."),
    ScalePoint(3, "Good: meets the requirement, with minor gaps."),
    ScalePoint(4, "Very good: meets the requirement in full, with evidence."),
    ScalePoint(5, "Excellent: meets the requirement in full, with evidence of added value."),
)


def check_scale(points: Sequence[ScalePoint]) -> tuple[ScalePoint, ...]:
    """A scale is every whole point from 0 to its maximum, once each, each described."""
    ordered = tuple(sorted(points, key=lambda p: p.score))
    scores = [p.score for p in ordered]
    if not 2 <= len(scores) <= n.SCALE_MAX + 1 or scores != list(range(len(scores))):
        raise InvalidScale(
            f"A scale gives every whole point from 0 to its maximum (at least 1, at most"
            f" {n.SCALE_MAX}) exactly once; got {scores}.",
            scores=scores,
        )
    blank = [p.score for p in ordered if not p.descriptor.strip()]
    if blank:
        raise InvalidScale(f"Describe what each point means; points {blank} have no descriptor.",
                           scores=blank)
    return ordered


def maximum(points: Sequence[ScalePoint]) -> int:
    return max(p.score for p in points)


def require_on_scale(score: int, points: Sequence[ScalePoint], where: str) -> None:
    top = maximum(points)
    if not 0 <= score <= top:
        raise ScoreOutOfRange(
            f"{where}: a score is a whole point from 0 to {top} on this evaluation's scale;"
            f" {score} is not.",
            score=score, max_score=top,
        )
