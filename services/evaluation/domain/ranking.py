"""Scoring and ranking: a pure function of the final scores, answers and costs.

Each criterion contributes ``score / max score x weight`` (weights are percent, so a total
is out of the sum of the weights, 100):

- a narrative quality or social-value criterion: the evaluators' final score (agreed, or the
  moderator's consensus) on the evaluation's scale, 0 to its maximum;
- a numeric criterion, scored automatically on 0-100 against the best compliant answer:
  ``answer / highest x 100`` when higher is better, ``lowest / answer x 100`` when lower is
  better (negative answers count as 0; no answer scores 0);
- a cost criterion (``quality_cost`` only): ``lowest whole-life cost / this response's
  whole-life cost x 100``, the lowest among compliant responses (see ``costing``), so the
  cheapest gets the whole price weight and one twice as dear gets half of it.

Under ``quality_social_value`` the price is the council's and is not scored; under
``direct_award_compliance`` nothing is scored. Only compliant responses are scored and
ranked; non-compliant ones follow, unranked.

Ranking: higher total, then higher quality score, then earlier submission, then the lower
response id (``TIE_BREAK``). The order is computed on unrounded scores; published scores are
rounded to four places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from shared.events.calloff import CriterionWeight

Method = Literal["quality_cost", "quality_social_value", "direct_award_compliance"]

TIE_BREAK = (
    "Higher total score, then higher quality score, then earlier submission, then the lower"
    " response id."
)
HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Sheet:
    """What ranking needs of one response."""

    response_id: UUID
    provider_id: UUID
    submitted_at: datetime
    compliant: bool
    #: Final evaluator scores (agreed or moderated) by criterion code.
    scores: Mapping[str, int]
    #: Numeric answers by criterion code.
    numbers: Mapping[str, Decimal | None]
    whole_life_cost: Decimal | None


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    score: Decimal
    max_score: Decimal
    weighted: Decimal


@dataclass(frozen=True, slots=True)
class Ranked:
    response_id: UUID
    provider_id: UUID
    compliant: bool
    rank: int | None
    criteria: tuple[CriterionResult, ...]
    quality_score: Decimal
    price_score: Decimal | None
    social_value_score: Decimal | None
    total_score: Decimal


def scored_by_evaluators(criterion: CriterionWeight) -> bool:
    """Evaluators score narrative quality and social-value criteria; the rest is computed."""
    return criterion.kind != "cost" and criterion.answer_type == "narrative"


def scored_criteria(method: Method, criteria: Sequence[CriterionWeight]) -> list[CriterionWeight]:
    """The criteria that count under ``method``."""
    if method == "direct_award_compliance":
        return []
    if method == "quality_social_value":
        return [c for c in criteria if c.kind != "cost"]
    return list(criteria)


def rank(
    method: Method, criteria: Sequence[CriterionWeight], scale_max: int, sheets: Sequence[Sheet]
) -> list[Ranked]:
    """Score every compliant sheet and order all of them; see the module's doc."""
    counted = scored_criteria(method, criteria)
    compliant = [s for s in sheets if s.compliant]
    columns = [_column(c, scale_max, compliant) for c in counted]
    results = []
    for sheet in compliant:
        parts = tuple(column(sheet) for column in columns)
        by_kind = {"quality": ZERO, "cost": ZERO, "social_value": ZERO}
        for criterion, part in zip(counted, parts, strict=True):
            by_kind[criterion.kind] += part.weighted
        results.append((sheet, parts, by_kind))
    results.sort(key=lambda r: (
        -(r[2]["quality"] + r[2]["cost"] + r[2]["social_value"]),
        -r[2]["quality"], r[0].submitted_at, r[0].response_id,
    ))
    has_cost = any(c.kind == "cost" for c in counted)
    has_social = any(c.kind == "social_value" for c in counted)
    ranked = [
        Ranked(
            response_id=sheet.response_id, provider_id=sheet.provider_id, compliant=True,
            rank=position, criteria=parts, quality_score=kinds["quality"],
            price_score=kinds["cost"] if has_cost else None,
            social_value_score=kinds["social_value"] if has_social else None,
            total_score=kinds["quality"] + kinds["cost"] + kinds["social_value"],
        )
        for position, (sheet, parts, kinds) in enumerate(results, start=1)
    ]
    others = sorted((s for s in sheets if not s.compliant),
                    key=lambda s: (s.submitted_at, s.response_id))
    ranked += [
        Ranked(s.response_id, s.provider_id, False, None, (), ZERO, None, None, ZERO)
        for s in others
    ]
    return ranked


Column = Callable[[Sheet], CriterionResult]


def _column(criterion: CriterionWeight, scale_max: int, compliant: Sequence[Sheet]) -> Column:
    """A function giving one criterion's result for a sheet, prepared once for all sheets."""
    code, weight = criterion.code, criterion.weight
    if criterion.kind == "cost":
        costs = [s.whole_life_cost for s in compliant if s.whole_life_cost is not None]
        lowest = min(costs) if costs else ZERO
        return lambda sheet: _proportional(code, weight, _price(lowest, sheet.whole_life_cost))
    if criterion.answer_type == "numeric":
        values = [_positive(s.numbers.get(code)) for s in compliant]
        given = [v for v in values if v is not None]
        if criterion.better == "higher":
            best = max(given) if given else ZERO
            return lambda sheet: _proportional(
                code, weight, _higher(best, _positive(sheet.numbers.get(code)))
            )
        best = min(given) if given else ZERO
        return lambda sheet: _proportional(
            code, weight, _lower(best, _positive(sheet.numbers.get(code)))
        )
    top = Decimal(scale_max)
    # Every possible result, computed once: a scale has at most 11 points.
    table = {
        point: CriterionResult(code, Decimal(point), top, Decimal(point) / top * weight)
        for point in range(scale_max + 1)
    }
    return lambda sheet: table[sheet.scores[code]]


def _proportional(code: str, weight: Decimal, score: Decimal) -> CriterionResult:
    return CriterionResult(code, score, HUNDRED, score / HUNDRED * weight)


def _positive(value: Decimal | None) -> Decimal | None:
    return None if value is None else max(value, ZERO)


def _price(lowest: Decimal, cost: Decimal | None) -> Decimal:
    if cost is None:
        return ZERO
    if cost == lowest:
        return HUNDRED
    return lowest / cost * HUNDRED


def _higher(best: Decimal, value: Decimal | None) -> Decimal:
    if value is None or best <= 0:
        return ZERO
    return value / best * HUNDRED


def _lower(best: Decimal, value: Decimal | None) -> Decimal:
    if value is None:
        return ZERO
    if value == best:
        return HUNDRED
    return ZERO if best == 0 else best / value * HUNDRED
