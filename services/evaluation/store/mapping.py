"""Imperative mapping: the domain classes stay plain Python; the ORM learns their tables here.

Every part loads eagerly with ``selectin`` (an async session cannot lazy-load) and lives and
dies with its evaluation. The evaluation carries a ``version`` column and every change moves
its ``changed_at``, so two changes decided on the same view of it cannot both commit.
``start_mappers`` is idempotent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import registry, relationship

from services.evaluation.domain.audit import Decision
from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.panel import (
    ConflictDeclaration,
    Consensus,
    EvaluatorAssignment,
    Score,
)
from services.evaluation.domain.responses import EvaluatedResponse
from services.evaluation.store import tables as t

mapper_registry = registry()
_started = False

#: The parts of an evaluation, by attribute: (class, table).
PARTS: dict[str, tuple[type, Table]] = {
    "responses": (EvaluatedResponse, t.evaluation_responses),
    "evaluators": (EvaluatorAssignment, t.evaluator_assignments),
    "conflicts": (ConflictDeclaration, t.conflict_declarations),
    "scores": (Score, t.scores),
    "consensus": (Consensus, t.consensus_scores),
    "decisions": (Decision, t.evaluation_decisions),
}


def _children(cls: type, table: Table) -> Any:
    return relationship(
        cls, lazy="selectin", cascade="all, delete-orphan", order_by=table.c.position,
        collection_class=ordering_list("position"),
    )


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    m = mapper_registry.map_imperatively
    for cls, table in PARTS.values():
        m(cls, table)
    m(Evaluation, t.evaluations, version_id_col=t.evaluations.c.version, properties={
        name: _children(cls, table) for name, (cls, table) in PARTS.items()
    })
