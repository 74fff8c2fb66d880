"""The evaluation domain: compliance, costing, the panel's scores and moderation, ranking,
and assessment summaries, for the responses of a closed call-off.

Pure Python: no database, web or messaging. ``Evaluation`` is the aggregate, in layers that
depend one way: ``evaluation_core``, ``evaluation_panel``, ``evaluation_scoring``,
``evaluation``. ``ranking.rank`` is a pure function of final scores and costs, so it can be
timed alone (``bench/evaluation_ranking.py``).
"""

from services.evaluation.domain.evaluation import Evaluation
from services.evaluation.domain.evaluation_core import (
    SYSTEM,
    EvaluationStatus,
    evaluation_id_for,
    method_for,
)
from services.evaluation.domain.panel import Declaration, Marking

__all__ = [
    "SYSTEM",
    "Declaration",
    "Evaluation",
    "EvaluationStatus",
    "Marking",
    "evaluation_id_for",
    "method_for",
]
