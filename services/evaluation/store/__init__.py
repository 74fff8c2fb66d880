"""The evaluation service's store: the known DPSs (with the regime evaluations follow),
outbox and inbox, and the unit of work."""

from services.evaluation.store.tables import inbox, metadata, outbox
from services.evaluation.store.uow import EvaluationUnitOfWork

__all__ = ["EvaluationUnitOfWork", "inbox", "metadata", "outbox"]
